using Lamae.Cli;

return LamaeApp.Run(args, Console.Out, Console.Error);
