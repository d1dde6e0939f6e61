package dev.glasshouse.cli;

import picocli.CommandLine;

/** Checks {@code --master} values: the cluster-manager's {@code HOST:PORT}, as {@code glasshouse local} prints it. */
final class MasterAddress implements CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String value) {
        if (!value.matches("[^:\\s]+:\\d+")) {
            throw new CommandLine.TypeConversionException(
                    "--master must be HOST:PORT, e.g. 127.0.0.1:2551; got '" + value + "'");
        }
        return value;
    }
}
