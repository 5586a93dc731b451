ARG VERSION=dev

# Build the single-page app
FROM node:20-alpine AS build
WORKDIR /app
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile
COPY . .
RUN yarn build

# Serve it with nginx
FROM nginx:1.27-alpine
LABEL org.opencontainers.image.version=$VERSION
COPY nginx/default.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/dist /usr/share/nginx/html
COPY --from=nginxinc/nginx-unprivileged:1.27 /etc/nginx/nginx.conf /etc/nginx/nginx.conf
EXPOSE 80
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
