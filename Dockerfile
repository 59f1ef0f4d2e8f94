# The gateway's container image: build the runnable jar with Maven, run it on a slim JRE as a
# non-root user. The Helm chart sets the same command line (and can override the JVM flags).
#   docker build -t ams-gateway:0.1.0-SNAPSHOT .
# Daemonless alternative (Jib, OCI tarball): see README.md, "Kubernetes".

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -pl gateway-server -am package -DskipTests

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 gateway \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin gateway
COPY --from=build /src/gateway-server/target/ams-gateway.jar /app/ams-gateway.jar
USER 10001:10001
EXPOSE 8080 9901
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/ams-gateway.jar"]
CMD ["run", "--config", "/etc/ams-gateway/gateway.conf"]
