package dev.glasshouse.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.Schema;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HivePartitionsTest {

    @Test
    void directoriesEscapeWhatWouldBreakAPathAndReadBackToTheValue() {
        String directory = HivePartitions.directory("city", "a/b=c%d é");

        assertThat(directory).isEqualTo("city=a%2Fb%3Dc%25d é");
        assertThat(HivePartitions.valuesOf("s3://out/", "s3://out/" + directory + "/part-00000.csv"))
                .containsExactly(Map.entry("city", "a/b=c%d é"));
        assertThat(HivePartitions.directory("country", null)).isEqualTo("country=__HIVE_DEFAULT_PARTITION__");
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("country", null);
        assertThat(HivePartitions.valuesOf("s3://out/", "s3://out/country=__HIVE_DEFAULT_PARTITION__/p.csv"))
                .isEqualTo(nullValue);
    }

    @Test
    void discoveryTypesEachColumnAsTheNarrowestTypeOfAllItsValues() {
        Schema schema = HivePartitions.discover("s3://out/", List.of(
                "s3://out/year=2024/day=2024-01-05/ratio=1/country=IN/part-0.json",
                "s3://out/year=3000000000/day=2024-01-06/ratio=0.5/country=__HIVE_DEFAULT_PARTITION__/part-1.json"));

        assertThat(schema).isEqualTo(Schema.parseDdl("year long, day date, ratio double, country string"));
        assertThat(HivePartitions.parse("2024-01-05", DataType.DATE)).isEqualTo(LocalDate.of(2024, 1, 5));
        assertThat(HivePartitions.discover("s3://out/", List.of("s3://out/part-0.json")).size()).isZero();
    }

    @Test
    void filesAtDifferentDepthsAreRefusedNamingThePath() {
        assertThatThrownBy(() -> HivePartitions.discover("s3://out/",
                List.of("s3://out/a=1/part-0.csv", "s3://out/part-1.csv")))
                .hasMessage("conflicting partition directories under s3://out/: s3://out/part-1.csv has [] but other "
                        + "files have [a]; every file must sit at the same depth of name=value directories");
    }
}
