package dev.glasshouse.core.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glasshouse.core.expr.And;
import dev.glasshouse.core.expr.BoundColumn;
import dev.glasshouse.core.expr.Comparison;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.expr.Literal;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.Schema;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Row groups whose min/max statistics prove a pushed filter false are not read at all. */
class RowGroupSkippingTest {
    private static final Schema SCHEMA = Schema.parseDdl("id long, amount double, day date, label string");
    private static final int[] ALL = {0, 1, 2, 3};
    private static final int ROWS = 1000;
    private static final BoundColumn ID = new BoundColumn(0, "id", DataType.LONG);

    @TempDir
    Path dir;
    private Path file;

    /** Ids in order, so each row group of about a hundred rows covers one narrow id range. */
    @BeforeEach
    void writeSmallRowGroups() throws IOException {
        file = dir.resolve("part.parquet");
        try (ParquetRowWriter writer = new ParquetRowWriter(file, SCHEMA, 1)) {
            for (long id = 0; id < ROWS; id++) {
                writer.write(new Row(id, id * 1.5, LocalDate.of(2024, 1, 1).plusDays(id), "label-" + id));
            }
        }
    }

    private record Read(List<Row> rows, long rowsRead) {
        long matching(Expression filter) {
            return rows.stream().filter(r -> Boolean.TRUE.equals(filter.eval(r))).count();
        }
    }

    private Read read(List<Expression> filters) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (ParquetRowReader reader = new ParquetRowReader(file, file.toString(), SCHEMA, ALL, filters, null)) {
            reader.forEachRemaining(rows::add);
            return new Read(rows, reader.rowsRead());
        }
    }

    @Test
    void aComparisonWithALiteralSkipsTheGroupsOutsideItsRange() throws IOException {
        Expression atLeast950 = new Comparison(Comparison.Op.GE, ID, Literal.of(950L));
        Read read = read(List.of(atLeast950));

        assertThat(read.rowsRead()).isLessThan(ROWS / 2).isEqualTo(read.rows().size());
        assertThat(read.matching(atLeast950)).isEqualTo(50);

        // The literal on the left, and a double column compared with an int literal.
        Expression under100 = new Comparison(Comparison.Op.GT, Literal.of(100), ID);
        Expression cheap = new Comparison(Comparison.Op.LT, new BoundColumn(1, "amount", DataType.DOUBLE),
                Literal.of(30));
        Read both = read(List.of(new And(under100, cheap)));
        assertThat(both.rowsRead()).isLessThan(ROWS / 2);
        assertThat(both.matching(new And(under100, cheap))).isEqualTo(20);
    }

    @Test
    void aDateEqualityReadsOneGroupAndAnImpossibleOneReadsNone() throws IOException {
        Expression day = new Comparison(Comparison.Op.EQ, new BoundColumn(2, "day", DataType.DATE),
                Literal.of(LocalDate.of(2024, 1, 1).plusDays(500)));
        Read read = read(List.of(day));
        assertThat(read.rowsRead()).isLessThan(ROWS / 2);
        assertThat(read.matching(day)).isEqualTo(1);

        assertThat(read(List.of(new Comparison(Comparison.Op.LT, ID, Literal.of(0L)))).rowsRead()).isZero();
    }

    @Test
    void conditionsTheStatisticsCannotDecideReadEveryGroup() throws IOException {
        Expression onString = new Comparison(Comparison.Op.EQ, new BoundColumn(3, "label", DataType.STRING),
                Literal.of("label-7"));
        Expression onPartitionColumn = new Comparison(Comparison.Op.EQ, new BoundColumn(4, "country", DataType.STRING),
                Literal.of("IN"));
        assertThat(read(List.of(onString, onPartitionColumn)).rowsRead()).isEqualTo(ROWS);
        assertThat(read(List.of()).rowsRead()).isEqualTo(ROWS);
    }
}
