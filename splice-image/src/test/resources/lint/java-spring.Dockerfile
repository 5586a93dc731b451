FROM maven:3.9-eclipse-temurin-21 AS Builder
WORKDIR /workspace/app
COPY pom.xml .
RUN mvn -B dependency:go-offline
COPY src src
RUN mvn -B package -DskipTests

FROM eclipse-temurin:21-jre
RUN apt-get update && apt-get install -y curl
VOLUME /tmp
ARG JAR_FILE=/workspace/app/target/*.jar
COPY --from=builder ${JAR_FILE} /app/app.jar
ENV SPRING_PROFILES_ACTIVE=prod \
    SPRING_DATASOURCE_PASSWORD=changeme
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -Dlogging.path=${LOG_DIR}"
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD curl -f http://localhost:8080/actuator/health || exit 1
ENTRYPOINT java $JAVA_OPTS -jar /app/app.jar
