using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("FleetPortal.Web.Tests.Infrastructure.FleetTestFramework", "FleetPortal.Web.Tests")]

namespace FleetPortal.Web.Tests.Infrastructure;

/// <summary>
/// xunit's own framework, except that the tests of a class marked <see cref="RequiresServersAttribute"/>
/// are reported skipped, with the reason, when the servers are not there and not required. A class
/// that runs existing tests on PostgreSQL by inheriting them gets that without touching the tests.
/// </summary>
public sealed class FleetTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    protected override ITestFrameworkDiscoverer CreateDiscoverer(IAssemblyInfo assemblyInfo) =>
        new Discoverer(assemblyInfo, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Discoverer(IAssemblyInfo assembly, ISourceInformationProvider sources, IMessageSink diagnostics)
        : XunitTestFrameworkDiscoverer(assembly, sources, diagnostics)
    {
        protected override bool FindTestsForMethod(
            ITestMethod testMethod, bool includeSourceInformation, IMessageBus messageBus, ITestFrameworkDiscoveryOptions discoveryOptions)
        {
            var skipReason = TestServers.SkipReason;
            var needsServers = testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresServersAttribute)).Any();
            var isTest = testMethod.Method.GetCustomAttributes(typeof(FactAttribute)).Any();
            if (skipReason is null || !needsServers || !isTest)
            {
                return base.FindTestsForMethod(testMethod, includeSourceInformation, messageBus, discoveryOptions);
            }

            var skipped = new XunitSkippedDataRowTestCase(
                DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, skipReason);
            return ReportDiscoveredTestCase(skipped, includeSourceInformation, messageBus);
        }
    }
}
