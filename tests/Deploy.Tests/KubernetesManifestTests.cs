using k8s;
using k8s.Models;

namespace Backtrace.Deploy.Tests;

public sealed class KubernetesManifestTests
{
    [Fact]
    public void EveryManifest_DeserializesStrictlyIntoTheKubernetesModels()
    {
        foreach (var file in Manifests.Files)
        {
            var objects = Manifests.Load(File.ReadAllText(file));
            Assert.True(objects.Count > 0, $"{file} holds no object");
            Assert.All(objects, o => Assert.IsAssignableFrom<IKubernetesObject>(o));
        }
        Assert.Contains(Manifests.All, o => o is V1DaemonSet);
    }

    [Fact]
    public void StrictLoading_RejectsAnUnknownField()
    {
        const string Typo = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: x
            datas:
              a: b
            """;

        Assert.ThrowsAny<Exception>(() => Manifests.Load(Typo));
    }

    [Fact]
    public void Kustomization_ListsEveryManifest()
    {
        var listed = File.ReadAllLines(Path.Combine(Manifests.Directory, "kustomization.yaml"))
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("- ", StringComparison.Ordinal))
            .Select(line => line[2..].Trim())
            .Order(StringComparer.Ordinal);

        Assert.Equal(Manifests.Files.Select(Path.GetFileName).Order(StringComparer.Ordinal), listed);
    }

    [Fact]
    public void EveryObject_LivesInTheBacktraceNamespace()
    {
        foreach (var o in Manifests.All.OfType<IKubernetesObject<V1ObjectMeta>>().Where(o => o is not V1Namespace))
        {
            Assert.True(o.Metadata.NamespaceProperty == "backtrace", $"{o.Kind} {o.Metadata.Name} is not in namespace backtrace");
        }
    }

    [Fact]
    public void EveryContainer_RequestsResources_AndEveryDeploymentProbesHealth()
    {
        var pods = Manifests.OfKind<V1Deployment>().Select(d => (d.Metadata.Name, d.Spec.Template.Spec))
            .Concat(Manifests.OfKind<V1DaemonSet>().Select(d => (d.Metadata.Name, d.Spec.Template.Spec)));
        foreach (var (name, pod) in pods)
        {
            foreach (var container in pod.Containers.Concat(pod.InitContainers ?? []))
            {
                Assert.True(container.Resources?.Requests?.ContainsKey("cpu") == true && container.Resources.Requests.ContainsKey("memory"),
                    $"{name}/{container.Name} requests no cpu and memory");
                Assert.True(container.Resources.Limits?.ContainsKey("memory") == true, $"{name}/{container.Name} has no memory limit");
            }
        }

        foreach (var deployment in Manifests.OfKind<V1Deployment>())
        {
            var container = Assert.Single(deployment.Spec.Template.Spec.Containers);
            var ports = container.Ports.Select(p => p.Name).ToHashSet();
            foreach (var (kind, probe) in new[] { ("liveness", container.LivenessProbe), ("readiness", container.ReadinessProbe), ("startup", container.StartupProbe) })
            {
                Assert.True(probe?.HttpGet is not null, $"{deployment.Metadata.Name} has no HTTP {kind} probe");
                Assert.Contains(probe.HttpGet.Port.Value, ports);
            }
            Assert.Equal("/health/live", container.LivenessProbe.HttpGet.Path);
            Assert.Equal("/health/ready", container.ReadinessProbe.HttpGet.Path);
        }
    }

    [Fact]
    public void EveryDeployment_HasADisruptionBudgetSelectingItsPods()
    {
        foreach (var deployment in Manifests.OfKind<V1Deployment>())
        {
            var labels = deployment.Spec.Template.Metadata.Labels;
            Assert.True(deployment.Spec.Selector.MatchLabels.All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value),
                $"{deployment.Metadata.Name}'s selector does not match its pods");
            Assert.Contains(Manifests.OfKind<V1PodDisruptionBudget>(),
                budget => budget.Spec.Selector.MatchLabels.All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value));
        }
    }

    [Fact]
    public void Silos_CarryTheOrleansLabelsOfTheirConfiguredIds_AndMayManagePods()
    {
        var config = Manifests.Single<V1ConfigMap>("backtrace-config").Data;
        var silo = Manifests.Single<V1Deployment>("backtrace-silo").Spec.Template;

        Assert.Equal(config["ORLEANS_CLUSTER_ID"], silo.Metadata.Labels["orleans/clusterId"]);
        Assert.Equal(config["ORLEANS_SERVICE_ID"], silo.Metadata.Labels["orleans/serviceId"]);
        Assert.Equal(config["Backtrace__Cluster__ClusterId"], config["ORLEANS_CLUSTER_ID"]);
        Assert.Equal(config["Backtrace__Cluster__ServiceId"], config["ORLEANS_SERVICE_ID"]);
        var container = Assert.Single(silo.Spec.Containers);
        Assert.Equal(["POD_IP", "POD_NAME", "POD_NAMESPACE"], container.Env.Select(e => e.Name).Where(n => n.StartsWith("POD_", StringComparison.Ordinal)).Order());
        Assert.Equal([11111, 30000], container.Ports.Where(p => p.Name is "silo" or "gateway").Select(p => p.ContainerPort).Order());

        var account = Manifests.Single<V1ServiceAccount>(silo.Spec.ServiceAccountName);
        var binding = Manifests.OfKind<V1RoleBinding>().Single(b => b.Subjects.Any(s => s.Name == account.Metadata.Name));
        var role = Manifests.Single<V1Role>(binding.RoleRef.Name);
        var pods = Assert.Single(role.Rules, r => r.Resources.Contains("pods"));
        Assert.Superset(new HashSet<string> { "get", "list", "watch", "delete" }, pods.Verbs.ToHashSet());
    }

    [Fact]
    public void Gateways_AreReachableThroughServiceAndIngress_AndAutoscaled()
    {
        var gateway = Manifests.Single<V1Deployment>("backtrace-gateway");
        var labels = gateway.Spec.Template.Metadata.Labels;
        var service = Manifests.Single<V1Service>("backtrace-gateway");
        Assert.True(service.Spec.Selector.All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value), "the service selects no gateway pod");
        var servicePort = Assert.Single(service.Spec.Ports);
        Assert.Contains(gateway.Spec.Template.Spec.Containers[0].Ports, p => p.Name == servicePort.TargetPort.Value);

        var backend = Manifests.Single<V1Ingress>("backtrace-gateway").Spec.Rules.Single().Http.Paths.Single().Backend.Service;
        Assert.Equal(service.Metadata.Name, backend.Name);
        Assert.Equal(servicePort.Name, backend.Port.Name);

        var autoscaler = Manifests.Single<V2HorizontalPodAutoscaler>("backtrace-gateway");
        Assert.Equal(("Deployment", gateway.Metadata.Name), (autoscaler.Spec.ScaleTargetRef.Kind, autoscaler.Spec.ScaleTargetRef.Name));
        Assert.True(autoscaler.Spec.MinReplicas >= 2 && autoscaler.Spec.MaxReplicas > autoscaler.Spec.MinReplicas);
    }

    [Fact]
    public void TheAgentDaemonSet_SeesHostProcesses_MayPtrace_HooksCores_AndSpoolsOnTheHost()
    {
        var agent = Manifests.Single<V1DaemonSet>("backtrace-agent").Spec.Template.Spec;
        Assert.True(agent.HostPID);

        var main = Assert.Single(agent.Containers);
        Assert.Equal(["SYS_PTRACE"], main.SecurityContext.Capabilities.Add);
        Assert.NotEqual(true, main.SecurityContext.Privileged);
        var outboxMount = Assert.Single(main.VolumeMounts, m => m.Name == "outbox");
        Assert.Equal("/var/lib/backtrace/outbox", Assert.Single(agent.Volumes, v => v.Name == "outbox").HostPath.Path);

        var hook = Assert.Single(agent.InitContainers);
        var script = string.Join(' ', hook.Command);
        Assert.Contains("/proc/sys/kernel/core_pattern", script);
        // The kernel runs the handler in the host's mount namespace: it must name the host path of the binary.
        var hostBinary = Assert.Single(agent.Volumes, v => v.Name == "agent-bin").HostPath.Path;
        Assert.Contains($"'|{hostBinary}/backtrace-agent on-crash --config /etc/backtrace-agent/hook.json %P %i %s %t %e'", script);
        Assert.Equal("/etc/backtrace-agent", Assert.Single(agent.Volumes, v => v.Name == "agent-config").HostPath.Path);
        Assert.Contains($"--outbox {outboxMount.MountPath}", script);
    }

    [Fact]
    public void ConfigAndSecretReferences_PointAtObjectsThatExist()
    {
        var configMaps = Manifests.OfKind<V1ConfigMap>().Select(c => c.Metadata.Name).ToHashSet();
        var secrets = Manifests.OfKind<V1Secret>().ToDictionary(s => s.Metadata.Name);
        var containers = Manifests.OfKind<V1Deployment>().SelectMany(d => d.Spec.Template.Spec.Containers)
            .Concat(Manifests.OfKind<V1DaemonSet>().SelectMany(d => d.Spec.Template.Spec.Containers));
        foreach (var container in containers)
        {
            foreach (var source in container.EnvFrom ?? [])
            {
                if (source.ConfigMapRef is { } map) Assert.Contains(map.Name, configMaps);
                if (source.SecretRef is { } secret) Assert.Contains(secret.Name, secrets.Keys);
            }
            foreach (var variable in container.Env ?? [])
            {
                if (variable.ValueFrom?.SecretKeyRef is { } key) Assert.Contains(key.Key, secrets[key.Name].StringData.Keys);
            }
        }
        Assert.Contains("ConnectionStrings__Postgres", secrets["backtrace-secrets"].StringData.Keys);
        Assert.Contains("ConnectionStrings__AzureStorage", secrets["backtrace-secrets"].StringData.Keys);
    }
}
