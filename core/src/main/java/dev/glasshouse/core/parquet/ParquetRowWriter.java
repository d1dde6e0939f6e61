package dev.glasshouse.core.parquet;

import dev.glasshouse.core.format.RowFileWriter;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.DateTimeText;
import dev.glasshouse.core.types.Schema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes rows into a local Parquet file (types as {@link ParquetSchemas} maps them), uncompressed: the codecs live
 * in Hadoop libraries Glasshouse does not ship. Holds one row group in memory at a time (Parquet's default 128 MiB).
 */
public final class ParquetRowWriter implements RowFileWriter {
    private final ParquetWriter<Row> writer;
    private long rowsWritten;

    public ParquetRowWriter(Path file, Schema schema) {
        this(file, schema, ParquetWriter.DEFAULT_BLOCK_SIZE);
    }

    /**
     * @param rowGroupBytes the buffered size at which a row group is written out; smaller groups let readers skip
     *                      more by their statistics, at the cost of a larger footer
     */
    public ParquetRowWriter(Path file, Schema schema, long rowGroupBytes) {
        try {
            this.writer = new Builder(new LocalOutputFile(file), schema)
                    .withRowGroupSize(rowGroupBytes)
                    .withConf(new PlainParquetConfiguration())
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Parquet file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(Row row) {
        try {
            writer.write(row);
        } catch (IOException e) {
            throw new UncheckedIOException("writing Parquet output failed: " + e.getMessage(), e);
        }
        rowsWritten++;
    }

    @Override
    public long rowsWritten() {
        return rowsWritten;
    }

    /** Writes the last row group and the footer. */
    @Override
    public void close() throws IOException {
        writer.close();
    }

    private static final class Builder extends ParquetWriter.Builder<Row, Builder> {
        private final Schema schema;

        Builder(OutputFile file, Schema schema) {
            super(file);
            this.schema = schema;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Row> getWriteSupport(ParquetConfiguration conf) {
            return new RowWriteSupport(schema);
        }

        @Override
        protected WriteSupport<Row> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return new RowWriteSupport(schema);
        }
    }

    /** Turns one row into Parquet record events; a null value is a field left out. */
    private static final class RowWriteSupport extends WriteSupport<Row> {
        private final Schema schema;
        private final MessageType message;
        private RecordConsumer out;

        RowWriteSupport(Schema schema) {
            this.schema = schema;
            this.message = ParquetSchemas.toParquet(schema);
        }

        @Override
        public WriteContext init(ParquetConfiguration conf) {
            return new WriteContext(message, Map.of());
        }

        @Override
        public WriteContext init(org.apache.hadoop.conf.Configuration conf) {
            return new WriteContext(message, Map.of());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.out = recordConsumer;
        }

        @Override
        public void write(Row row) {
            out.startMessage();
            for (int i = 0; i < schema.size(); i++) {
                Object value = row.get(i);
                if (value == null) continue;
                String name = schema.field(i).name();
                out.startField(name, i);
                writeValue(schema.field(i).type(), value);
                out.endField(name, i);
            }
            out.endMessage();
        }

        private void writeValue(DataType type, Object value) {
            switch (type.kind()) {
                case BOOLEAN -> out.addBoolean((Boolean) value);
                case INT -> out.addInteger((Integer) value);
                case LONG -> out.addLong((Long) value);
                case DOUBLE -> out.addDouble((Double) value);
                case STRING -> out.addBinary(Binary.fromString((String) value));
                case DECIMAL -> out.addBinary(Binary.fromConstantByteArray(
                        ((BigDecimal) value).unscaledValue().toByteArray()));
                case DATE -> out.addInteger(Math.toIntExact(((LocalDate) value).toEpochDay()));
                case TIMESTAMP -> out.addLong(DateTimeText.epochMicros((Instant) value));
            }
        }
    }
}
