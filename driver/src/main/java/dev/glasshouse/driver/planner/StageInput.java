package dev.glasshouse.driver.planner;

import dev.glasshouse.core.csv.CsvOptions;
import dev.glasshouse.core.exec.FileSplit;
import dev.glasshouse.core.types.Schema;
import java.util.List;

/** Where the first operator of a stage gets its rows: input splits in S3, or a parent stage's shuffle. */
public sealed interface StageInput {

    /** Tasks of the stage: one per split, or one per reduce partition. */
    int partitions();

    record Scan(String path, List<FileSplit> splits, CsvOptions options, Schema fileSchema, int[] columns)
            implements StageInput {
        @Override
        public int partitions() {
            return splits.size();
        }
    }

    record Shuffle(int shuffleId, int mapStageId, int partitions, Schema schema) implements StageInput {
    }
}
