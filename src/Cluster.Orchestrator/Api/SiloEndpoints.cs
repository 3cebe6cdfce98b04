using Cluster.Client.Models;
using Cluster.Grains.Silos;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cluster.Orchestrator.Api;

/// <summary><c>GET /api/silos</c>: every silo of the cluster with its role, membership status, slots, load and activations.</summary>
public static class SiloEndpoints
{
    public static void Map(IEndpointRouteBuilder reads) => reads.MapGet("/silos", ListAsync);

    private static async Task<IResult> ListAsync(SiloDirectory silos) =>
        TypedResults.Ok((await silos.ListAsync()).Select(s => new Client.Models.SiloStatus(s.Address, s.Name, s.Host, s.Role, s.Status, s.Slots, s.Busy,
            s.Activations, s.StartedAt, s.LastAliveAt)).ToList());
}
