package dev.glasshouse.core.parquet;

import dev.glasshouse.core.exec.FileSplit;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.format.RowFileReader;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Path;
import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.DateTimeText;
import dev.glasshouse.core.types.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Streams the rows of a local Parquet file one row group at a time, reading only the selected columns (Parquet
 * reads each column's pages separately, so pruned columns cost no I/O). A file in S3 is first downloaded whole to a
 * local temporary file, deleted on close. Row groups whose column statistics prove the pushed filters false are
 * skipped unread (see {@link RowGroupStatistics}); they count neither as rows read nor as rows output.
 */
public final class ParquetRowReader implements RowFileReader {
    private final String fileName;
    private final ParquetFileReader reader;
    private final MessageType projection;
    private final ColumnReader[] columns;
    private final Path downloaded;
    private final long bytes;
    private final Schema fileSchema;
    private final List<Expression> pushedFilters;
    private int nextGroup;
    private RecordReader<Group> records;
    private long rowsLeftInGroup;
    private long rowsRead;
    private boolean done;

    /**
     * @param fileSchema the file's columns as Glasshouse reads them; {@code columns} index into it
     * @param downloaded a temporary copy to delete on close, or null
     */
    public ParquetRowReader(Path file, String fileName, Schema fileSchema, int[] columns, Path downloaded)
            throws IOException {
        this(file, fileName, fileSchema, columns, List.of(), downloaded);
    }

    /**
     * @param pushedFilters conditions the caller will test on every row, bound to the file's columns followed by
     *                      partition columns: row groups whose statistics prove one of them false are skipped
     */
    public ParquetRowReader(Path file, String fileName, Schema fileSchema, int[] columns,
                            List<Expression> pushedFilters, Path downloaded) throws IOException {
        this.fileName = fileName;
        this.fileSchema = fileSchema;
        this.pushedFilters = List.copyOf(pushedFilters);
        this.downloaded = downloaded;
        this.bytes = Files.size(file);
        this.reader = openFile(file);
        MessageType message = reader.getFooter().getFileMetaData().getSchema();
        List<Type> selected = new ArrayList<>();
        this.columns = new ColumnReader[columns.length];
        for (int i = 0; i < columns.length; i++) {
            String name = fileSchema.field(columns[i]).name();
            if (!message.containsField(name)) {
                close();
                throw new IllegalArgumentException(fileName + " has no column '" + name + "': its columns are "
                        + ParquetSchemas.fromParquet(message, fileName).names());
            }
            Type column = message.getType(name);
            selected.add(column);
            this.columns[i] = new ColumnReader(i, column.asPrimitiveType(), fileSchema.field(columns[i]).type());
        }
        this.projection = new MessageType(message.getName(), selected);
        reader.setRequestedSchema(projection);
    }

    /** Downloads the split's object (always a whole file: Parquet is not splittable here) and opens it. */
    public static ParquetRowReader open(ObjectStore store, FileSplit split, Schema fileSchema, int[] columns,
                                        List<Expression> pushedFilters) {
        Path local = download(store, split.path());
        try {
            return new ParquetRowReader(local, split.path(), fileSchema, columns, pushedFilters, local);
        } catch (IOException e) {
            deleteQuietly(local);
            throw new UncheckedIOException("cannot read Parquet file " + split.path() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(local);
            throw e;
        }
    }

    /** The file's schema, from its footer. */
    public static Schema readSchema(ObjectStore store, String path) {
        Path local = download(store, path);
        try (ParquetFileReader reader = openFile(local)) {
            return ParquetSchemas.fromParquet(reader.getFooter().getFileMetaData().getSchema(), path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the schema of Parquet file " + path + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(local);
        }
    }

    private static ParquetFileReader openFile(Path file) throws IOException {
        return ParquetFileReader.open(new LocalInputFile(file),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).build());
    }

    private static Path download(ObjectStore store, String path) {
        try {
            Path local = Files.createTempFile("glasshouse-input-", ".parquet");
            try (InputStream in = store.open(S3Path.parse(path))) {
                Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException e) {
                deleteQuietly(local);
                throw e;
            }
            return local;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot download " + path + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A leftover temporary file costs disk space only.
        }
    }

    @Override
    public boolean hasNext() {
        if (done) return false;
        try {
            while (rowsLeftInGroup == 0) {
                if (nextGroup < reader.getRowGroups().size() && !mayMatch(reader.getRowGroups().get(nextGroup))) {
                    reader.skipNextRowGroup();
                    nextGroup++;
                    continue;
                }
                PageReadStore pages = reader.readNextRowGroup();
                nextGroup++;
                if (pages == null) {
                    close();
                    return false;
                }
                rowsLeftInGroup = pages.getRowCount();
                records = new ColumnIOFactory().getColumnIO(projection)
                        .getRecordReader(pages, new GroupRecordConverter(projection));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading Parquet file " + fileName + " failed: " + e.getMessage(), e);
        }
        return true;
    }

    private boolean mayMatch(BlockMetaData group) {
        for (Expression filter : pushedFilters) {
            if (!RowGroupStatistics.mayMatch(filter, group, fileSchema)) return false;
        }
        return true;
    }

    @Override
    public Row next() {
        if (!hasNext()) throw new NoSuchElementException();
        Group group = records.read();
        rowsLeftInGroup--;
        rowsRead++;
        Object[] values = new Object[columns.length];
        for (ColumnReader column : columns) {
            if (group.getFieldRepetitionCount(column.index) > 0) values[column.index] = column.read(group);
        }
        return new Row(values);
    }

    @Override
    public long bytesRead() {
        return bytes;
    }

    @Override
    public long rowsRead() {
        return rowsRead;
    }

    @Override
    public void close() throws IOException {
        if (done) return;
        done = true;
        try {
            reader.close();
        } finally {
            if (downloaded != null) deleteQuietly(downloaded);
        }
    }

    /** Converts one column's stored value to the Java class of its Glasshouse type. */
    private record ColumnReader(int index, PrimitiveType stored, DataType type) {
        Object read(Group group) {
            return switch (type.kind()) {
                case BOOLEAN -> group.getBoolean(index, 0);
                case INT -> group.getInteger(index, 0);
                case LONG -> group.getLong(index, 0);
                case DOUBLE -> stored.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.FLOAT
                        ? (double) group.getFloat(index, 0) : group.getDouble(index, 0);
                case STRING -> group.getBinary(index, 0).toStringUsingUTF8();
                case DECIMAL -> switch (stored.getPrimitiveTypeName()) {
                    case INT32 -> BigDecimal.valueOf(group.getInteger(index, 0), type.scale());
                    case INT64 -> BigDecimal.valueOf(group.getLong(index, 0), type.scale());
                    default -> new BigDecimal(new BigInteger(group.getBinary(index, 0).getBytes()), type.scale());
                };
                case DATE -> LocalDate.ofEpochDay(group.getInteger(index, 0));
                case TIMESTAMP -> {
                    long value = group.getLong(index, 0);
                    boolean millis = stored.getLogicalTypeAnnotation()
                            instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts
                            && ts.getUnit() == LogicalTypeAnnotation.TimeUnit.MILLIS;
                    yield DateTimeText.fromEpochMicros(millis ? Math.multiplyExact(value, 1000L) : value);
                }
            };
        }
    }
}
