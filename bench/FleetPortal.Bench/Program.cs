using FleetPortal.Bench;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}

return (await BenchRun.RunAsync(options)).IsCorrect ? 0 : 1;
