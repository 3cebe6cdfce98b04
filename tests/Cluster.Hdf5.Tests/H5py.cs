using System.Text.Json;
using Cluster.TestSupport;

namespace Cluster.Hdf5.Tests;

/// <summary>Runs an h5py script with Debian's python and parses the JSON it prints.</summary>
internal static class H5py
{
    public static JsonElement Json(string script, params string[] args) =>
        JsonDocument.Parse(Python.Run("import h5py, numpy as np, json, sys\n" + script, args)).RootElement;

    public static void Run(string script, params string[] args) =>
        Python.Run("import h5py, numpy as np, json, sys\n" + script, args);
}
