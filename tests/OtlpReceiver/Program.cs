Console.WriteLine("OTLP receiver: standalone mode under construction");
