package dev.glasshouse.core.format;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.glasshouse.core.csv.CsvOptions;
import dev.glasshouse.core.csv.ParseMode;

/**
 * How the files of a relation or a write are laid out. Travels inside task plans (Jackson), so executors know how
 * to read a split and write a part file.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = FileFormat.Csv.class, name = "csv"),
    @JsonSubTypes.Type(value = FileFormat.JsonLines.class, name = "json"),
    @JsonSubTypes.Type(value = FileFormat.Parquet.class, name = "parquet"),
})
public sealed interface FileFormat {

    /** The name users write ({@code csv}, {@code json}, {@code parquet}); also the part files' extension. */
    String name();

    /**
     * Whether a file may be cut into byte ranges read by different tasks: line-oriented formats can (a split owns
     * the lines starting in it); a Parquet file is read whole by one task.
     */
    boolean splittable();

    /** How the physical plan names a scan of this format: {@code CsvScan}, {@code JsonScan}, {@code ParquetScan}. */
    default String scanName() {
        return Character.toUpperCase(name().charAt(0)) + name().substring(1) + "Scan";
    }

    record Csv(CsvOptions options) implements FileFormat {
        @Override
        public String name() {
            return "csv";
        }

        @Override
        public boolean splittable() {
            return true;
        }
    }

    /**
     * One JSON object per line (Spark's default JSON layout).
     *
     * @param mode what a malformed line does: becomes a row of nulls (PERMISSIVE), is skipped, or fails the read
     */
    record JsonLines(ParseMode mode) implements FileFormat {
        @Override
        public String name() {
            return "json";
        }

        @Override
        public boolean splittable() {
            return true;
        }
    }

    record Parquet() implements FileFormat {
        @Override
        public String name() {
            return "parquet";
        }

        @Override
        public boolean splittable() {
            return false;
        }
    }
}
