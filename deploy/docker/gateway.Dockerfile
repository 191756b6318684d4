# The gateway image (HTTP API; embedded or cluster mode by configuration).
# Build from the repository root: docker build -f deploy/docker/gateway.Dockerfile -t backtrace-gateway .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Gateway/Gateway.csproj -c Release -o /app --no-self-contained

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# The image's non-root "app" user (uid 1654); the manifests run as that uid.
USER app
ENV BACKTRACE_LISTEN=http://0.0.0.0:8080 \
    DOTNET_gcServer=1
EXPOSE 8080
ENTRYPOINT ["dotnet", "Backtrace.Gateway.dll"]
