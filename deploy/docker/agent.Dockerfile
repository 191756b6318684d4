# The capture agent image: the NativeAOT backtrace-agent binary and a shell for the DaemonSet's
# init container (deploy/k8s/agent.yaml), which copies the binary to the host.
# Build from the repository root: docker build -f deploy/docker/agent.Dockerfile -t backtrace-agent .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update && apt-get install -y --no-install-recommends clang zlib1g-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet publish src/CaptureAgent/CaptureAgent.csproj -c Release -r linux-x64 -p:PublishAot=true -o /app

FROM mcr.microsoft.com/dotnet/runtime-deps:10.0
WORKDIR /app
COPY --from=build /app/backtrace-agent /app/backtrace-agent
ENTRYPOINT ["/app/backtrace-agent"]
