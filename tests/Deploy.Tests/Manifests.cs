using Backtrace.LocalServices;
using k8s;
using k8s.Models;

namespace Backtrace.Deploy.Tests;

/// <summary>Every object of <c>deploy/k8s</c>, strictly deserialized into the Kubernetes API models.</summary>
internal static class Manifests
{
    public static string Directory => RepositoryPaths.Combine("deploy", "k8s");

    /// <summary>The manifest files (everything but the kustomization).</summary>
    public static IEnumerable<string> Files => System.IO.Directory.GetFiles(Directory, "*.yaml")
        .Where(file => Path.GetFileName(file) != "kustomization.yaml")
        .Order(StringComparer.Ordinal);

    /// <summary>
    /// Loads YAML in strict mode: an unknown field, a wrong type or an unknown kind throws, exactly where a
    /// real API server would reject the object.
    /// </summary>
    public static IReadOnlyList<object> Load(string yaml) => KubernetesYaml.LoadAllFromString(yaml, strict: true);

    private static readonly Lazy<IReadOnlyList<object>> AllObjects = new(() => Files.SelectMany(file => Load(File.ReadAllText(file))).ToList());

    public static IReadOnlyList<object> All => AllObjects.Value;

    public static IEnumerable<T> OfKind<T>() => All.OfType<T>();

    public static T Single<T>(string name) where T : IKubernetesObject<V1ObjectMeta> =>
        OfKind<T>().Single(o => o.Metadata.Name == name);
}
