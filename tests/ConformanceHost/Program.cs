ConformanceHost.ConformanceApp.Build(args).Run();
