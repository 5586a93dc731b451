ARG GO_VERSION=1.21
FROM golang:${GO_VERSION}
CMD ["go", "version"]
