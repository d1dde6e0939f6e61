package dev.glasshouse.driver.planner;

import dev.glasshouse.core.exec.FileSplit;
import dev.glasshouse.core.s3.ObjectInfo;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Path;
import dev.glasshouse.driver.analysis.AnalysisException;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the objects under an input path and cuts them into splits: one per file, or several for a file larger
 * than {@code maxSplitBytes}. Objects whose name starts with '_' or '.' (markers such as _SUCCESS) are skipped,
 * as Spark does.
 */
public final class InputSplitter implements SplitSource {
    private final ObjectStore store;
    private final long maxSplitBytes;

    public InputSplitter(ObjectStore store, long maxSplitBytes) {
        this.store = store;
        this.maxSplitBytes = maxSplitBytes;
    }

    @Override
    public List<FileSplit> splits(String path) {
        List<FileSplit> splits = new ArrayList<>();
        for (ObjectInfo object : store.list(S3Path.parse(path))) {
            String key = object.path().key();
            String name = key.substring(key.lastIndexOf('/') + 1);
            if (name.startsWith("_") || name.startsWith(".") || key.contains("/_temporary/")) continue;
            long size = object.size();
            if (size == 0) continue;
            for (long start = 0; start < size; start += maxSplitBytes) {
                splits.add(new FileSplit(object.path().toString(), start, Math.min(maxSplitBytes, size - start), size));
            }
        }
        if (splits.isEmpty()) {
            throw new AnalysisException("no input files under " + path
                    + ": the path has no objects (or only empty ones). Check the path, or generate data with "
                    + "'glasshouse datagen'");
        }
        return splits;
    }
}
