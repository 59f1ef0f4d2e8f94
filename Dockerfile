# syntax=docker/dockerfile:1
# The gateway's container image: build the runnable jar with Maven, run it on a JRE as a non-root
# user. The Helm chart sets the same command line (and can override the JVM flags).
#   docker build -t ams-gateway:0.2.0 .
#   docker buildx build --platform linux/amd64,linux/arm64 -t REGISTRY/ams-gateway:0.2.0 --push .
# The jar carries the native libraries (ACCP, epoll) of both platforms. Daemonless alternative
# (Jib): see README.md, "Container image".
#
# Base images are pinned by digest (a multi-platform index), with the tag they were taken from in
# the comment above each FROM. Refresh both together, e.g.
#   docker buildx imagetools inspect eclipse-temurin:17.0.20_8-jre-noble --format '{{.Manifest.Digest}}'
# and keep the runtime digest equal to Jib's <from> in gateway-server/pom.xml.

# maven:3.9.16-eclipse-temurin-17-noble
# The jar is the same for every platform: build it once, natively, even for a multi-platform image.
FROM --platform=$BUILDPLATFORM maven@sha256:b1420375ab2a5f3ef6e0f355367bff4096e23bdea2191af2b95f9f1c71984690 AS build
WORKDIR /src
# Dependencies first, from the poms alone: this layer is rebuilt only when a pom changes, not on
# every source change. (Every module's pom is needed: the reactor reads them all.)
COPY pom.xml ./
COPY gateway-core/pom.xml gateway-core/
COPY gateway-simulator/pom.xml gateway-simulator/
COPY gateway-server/pom.xml gateway-server/
COPY gateway-bench/pom.xml gateway-bench/
COPY gateway-deploy/pom.xml gateway-deploy/
RUN mvn -B -q -pl gateway-server -am dependency:go-offline
COPY config config
COPY gateway-core/src gateway-core/src
COPY gateway-simulator/src gateway-simulator/src
COPY gateway-server/src gateway-server/src
RUN mvn -B -q -pl gateway-server -am package -DskipTests

# eclipse-temurin:17.0.20_8-jre-noble
FROM eclipse-temurin@sha256:76bf6d763e84e4d286d5ee3df61e4adeca214977f83c7d8d2327b93db582dd9d
RUN groupadd --system --gid 10001 gateway \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin gateway
COPY --from=build /src/gateway-server/target/ams-gateway.jar /app/ams-gateway.jar
# The runnable jar's CycloneDX SBOM (also inside the jar, META-INF/sbom/ams-gateway.cdx.json).
COPY --from=build /src/gateway-server/target/classes/META-INF/sbom/ams-gateway.cdx.json /app/
# Class data sharing: the classes a start and a first call load, parsed and verified once here and
# mapped by every start (-XX:SharedArchiveFile below), which makes the gateway ready sooner
# (docs/benchmarks.md, "Ready time"). Recorded by a real start on this image's JVM: record-archive
# starts the AMS simulator with test keys, then `java -XX:ArchiveClassesAtExit=... -jar
# ams-gateway.jar run` as a child process, sends one signed payment through it, requires a
# verified answer and a clean stop. It doubles as a smoke test of the image on each platform: if
# it fails, the build fails. A JVM that cannot use the archive starts without it, silently.
RUN java -jar /app/ams-gateway.jar record-archive /app/ams-gateway.jsa \
 && chmod 0444 /app/ams-gateway.jsa
USER 10001:10001
EXPOSE 8080 9901
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-XX:InitialRAMPercentage=10", "-XX:+ExitOnOutOfMemoryError", "-XX:TrimNativeHeapInterval=5000", "-XX:SharedArchiveFile=/app/ams-gateway.jsa", "-jar", "/app/ams-gateway.jar"]
CMD ["run", "--config", "/etc/ams-gateway/gateway.conf"]
