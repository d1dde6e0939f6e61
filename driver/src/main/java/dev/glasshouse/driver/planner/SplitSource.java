package dev.glasshouse.driver.planner;

import dev.glasshouse.core.exec.FileSplit;
import java.util.List;

/** Lists the input splits under a path; the S3-backed one lives in {@link InputSplitter}. */
@FunctionalInterface
public interface SplitSource {
    List<FileSplit> splits(String path);
}
