FROM node:18
MAINTAINER Jane Doe <jane@example.com>

ARG NPM_TOKEN
WORKDIR /usr/src/app

COPY package*.json ./
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && \
    npm install && \
    rm -f .npmrc

COPY . .

EXPOSE 8080
CMD npm start
