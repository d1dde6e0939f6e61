package dev.glasshouse.core.memory;

/** Byte counts as people read them in messages: "512 MB", "76.8 MB", "300 KB". */
public final class ByteSizes {
    private ByteSizes() {
    }

    public static String describe(long bytes) {
        if (bytes < 1024) return bytes + " bytes";
        if (bytes < 1024 * 1024) return roundedUnits(bytes, 1024) + " KB";
        if (bytes < 1024L * 1024 * 1024) return roundedUnits(bytes, 1024 * 1024) + " MB";
        return roundedUnits(bytes, 1024L * 1024 * 1024) + " GB";
    }

    /** Whole units when exact or large, else one decimal: "512", "76.8". */
    private static String roundedUnits(long bytes, long unit) {
        if (bytes % unit == 0 || bytes / unit >= 100) return Long.toString(Math.round((double) bytes / unit));
        return String.format(java.util.Locale.ROOT, "%.1f", (double) bytes / unit);
    }
}
