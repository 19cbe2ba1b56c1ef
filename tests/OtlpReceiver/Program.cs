Console.WriteLine("OTLP receiver: under construction");
