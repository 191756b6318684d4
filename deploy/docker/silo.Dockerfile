# The silo image (grains; cluster mode only).
# Build from the repository root: docker build -f deploy/docker/silo.Dockerfile -t backtrace-silo .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Silo/Silo.csproj -c Release -o /app --no-self-contained

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
USER app
ENV ASPNETCORE_URLS=http://+:8081 \
    DOTNET_gcServer=1
# 11111: silo to silo; 30000: clients (gateways); 8081: health and readiness.
EXPOSE 11111 30000 8081
ENTRYPOINT ["dotnet", "Backtrace.Silo.dll"]
