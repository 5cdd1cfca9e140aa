package io.logwise.worker;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code logwise} executable. */
@Command(
    name = "logwise",
    mixinStandardHelpOptions = true,
    version = "logwise 0.1.0",
    description = {
      "Logwise control plane: durable per-tenant workflows on Temporal that keep a log",
      "pipeline (Vector -> Kafka -> Spark -> S3) running, sized and tidy.",
      ""
    },
    subcommands = {
      DevCommand.class,
      WorkerCommand.class,
      ApiCommand.class,
      WhatIfCommand.class,
      MigrateKafkaCommand.class,
      SimulateCommand.class,
      CheckConfigCommand.class,
      StatusCommand.class,
      SizingCommand.class,
      PlanEventCommand.class,
      GenerateLogsCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Start here:  logwise dev            everything on embedded defaults, one process",
      "Production:  logwise worker -c F   and   logwise api -c F   (scaled separately)",
      "Exit codes:  0 ok, 1 failure, 2 bad configuration or usage"
    })
public final class Logwise implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new Logwise())
        .registerConverter(java.time.Duration.class, new DurationConverter());
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
