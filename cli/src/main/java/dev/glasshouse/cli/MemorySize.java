package dev.glasshouse.cli;

import java.util.Locale;
import picocli.CommandLine;

/** Parses {@code --memory} values: {@code 512m}, {@code 1g}, or a plain number of megabytes. */
final class MemorySize implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("g")) return Integer.parseInt(v.substring(0, v.length() - 1)) * 1024;
            if (v.endsWith("m")) return Integer.parseInt(v.substring(0, v.length() - 1));
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a memory size: use e.g. 512m or 1g");
        }
    }
}
