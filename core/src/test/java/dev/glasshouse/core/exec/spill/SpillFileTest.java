package dev.glasshouse.core.exec.spill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glasshouse.core.row.Row;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spill files give back exactly the rows written, every value type and nested state arrays included. */
class SpillFileTest {
    @TempDir
    Path dir;

    @Test
    void everyValueTypeRoundTrips() throws Exception {
        String longText = "ü".repeat(70_000); // bigger than the writer's buffer, not Latin-1
        List<Row> rows = List.of(
                new Row(null, true, false, 0, -1, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, -0.0, Double.NaN),
                new Row("", "héllo", longText, new BigDecimal("-12345678901234567890.123"), new BigDecimal("0.00"),
                        LocalDate.of(1969, 12, 31), Instant.parse("2024-02-29T23:59:59.123456Z"),
                        Instant.ofEpochSecond(-5, 999_999_999)),
                new Row((Object) new Object[]{1L, null, new Object[]{"nested", 2.5}}),
                new Row());
        Path file = dir.resolve("rows.spill");
        long written;
        try (SpillWriter writer = new SpillWriter(file)) {
            for (Row row : rows) writer.write(row);
            writer.close();
            written = writer.bytesWritten();
        }
        assertThat(Files.size(file)).isEqualTo(written);

        List<Row> back = new ArrayList<>();
        try (SpillReader reader = new SpillReader(file, true)) {
            reader.forEachRemaining(back::add);
        }
        assertThat(back).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(back.get(i).size()).isEqualTo(rows.get(i).size());
            for (int c = 0; c < rows.get(i).size(); c++) {
                assertThat(back.get(i).get(c)).as("row %d column %d", i, c).isEqualTo(rows.get(i).get(c));
            }
        }
        assertThat(file).as("deleted once read").doesNotExist();
    }

    @Test
    void aValueOfAnotherTypeIsRefusedByName() throws Exception {
        try (SpillWriter writer = new SpillWriter(dir.resolve("bad.spill"))) {
            assertThatThrownBy(() -> writer.write(new Row(new java.util.Date())))
                    .hasMessageContaining("cannot spill a value of java.util.Date");
        }
    }
}
