return await Inkoop.Cli.InkoopCommand.RunAsync(args, Console.Out, Console.Error);
