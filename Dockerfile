# syntax=docker/dockerfile:1

# Build stage: the same packaging command as a local build, tests left to CI.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY . .
# The cache mount keeps downloaded dependencies between builds without putting them in a layer.
RUN --mount=type=cache,target=/root/.m2 mvn -B package -DskipTests

# Run stage: a JRE and the WAR, which starts its own Jetty.
FROM eclipse-temurin:17-jre
# A numeric id, so platforms that insist on a non-root user can check it.
RUN groupadd --system --gid 10001 gateway \
    && useradd --system --uid 10001 --gid gateway --no-create-home \
        --shell /usr/sbin/nologin gateway
WORKDIR /app
COPY --from=build /build/target/duplex-gateway.war ./duplex-gateway.war
USER 10001:10001

ENV PORT=8080
EXPOSE 8080
# curl ships with this base image. The health page needs no token. With TLS of its own
# (TLS_KEYSTORE or TLS_CERT set) the gateway serves no plain HTTP at all: ask over https then,
# without checking a certificate that was made for the public name, not for localhost.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD curl -fsS -o /dev/null "http://localhost:${PORT}/_gateway/health" \
        || curl -fsSk -o /dev/null "https://localhost:${PORT}/_gateway/health" || exit 1
# Exec form: java runs as the main process and gets SIGTERM, which closes peers with 1012.
# Without a limit the JVM would use only a quarter of the container's memory.
CMD ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/duplex-gateway.war"]
