FROM rust:1.81 AS chef
RUN cargo install cargo-chef
WORKDIR /app

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS builder
COPY --from=planer /app/recipe.json recipe.json
RUN cargo chef cook --release --recipe-path recipe.json
COPY . .
RUN cargo build --release --bin app

FROM debian:bookworm-slim AS runtime
RUN apt-get update && apt-get install -y ca-certificates && apt-get clean
WORKDIR /app
COPY --from=builder /app/target/release/app /usr/local/bin/app
USER 1000:1000
ENTRYPOINT ["/usr/local/bin/app"]
