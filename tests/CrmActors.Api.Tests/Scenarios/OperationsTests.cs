using System.Net;
using CrmActors.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace CrmActors.Api.Tests.Scenarios;

/// <summary>Contract "Operations": health endpoints without credentials; the OpenAPI document for any caller identity.</summary>
[Collection(ApiCollection.Name)]
public sealed class OperationsTests(CrmApiFactory api)
{
    [Fact]
    public async Task Live_answers_200_without_credentials()
    {
        Assert.Equal(HttpStatusCode.OK, (await api.Anonymous().GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Ready_answers_200_once_the_silo_answers()
    {
        var response = await api.Anonymous().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Degraded is ready too: another test of this shared host sets a change aside (ReadyHealthTests has its own).
        Assert.Contains(await response.Content.ReadAsStringAsync(), new[] { "Healthy", "Degraded" });
    }

    [Fact]
    public void The_co_hosted_silo_uses_the_ports_from_configuration()
    {
        var endpoints = api.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        Assert.Equal((api.SiloPort, api.GatewayPort), (endpoints.SiloPort, endpoints.GatewayPort));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_contract_paths()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Anonymous().GetAsync("/openapi/v1.json")).StatusCode);

        var reply = await (await api.AsStaff("teller-b001")).Get("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var paths = reply.Json.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/events", paths);
        Assert.Contains("/api/v1/customers/{customerId}", paths);
        Assert.Contains("/api/v1/customers/{customerId}/manual-star", paths);
        Assert.Contains("/api/v1/customers/{customerId}/history", paths);
        Assert.Contains("/api/v1/auth/token", paths);
        Assert.True(reply.Json.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("ApiKey", out _));
    }
}
