package dev.glasshouse.core.exec;

import dev.glasshouse.core.exec.spill.SortedMerge;
import dev.glasshouse.core.exec.spill.SpillWriter;
import dev.glasshouse.core.row.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * The sorted runs one operator spilled, merged back into one sorted stream: the external half of an external
 * sort. Every run is sorted by the same key; runs are kept in the order written, and the merge is stable across
 * them. Each run's file is deleted once the merge has read it.
 */
final class SpilledRuns {
    /**
     * At most this many runs are merged at once (each reader buffers 64 KB); more are first merged in groups into
     * longer runs, keeping their order.
     */
    static final int MAX_MERGE_WIDTH = 64;

    private final TaskMemory memory;
    private final String kind;
    private final Function<Row, Row> keyOf;
    private final Comparator<Row> keyOrder;
    private final List<Path> runs = new ArrayList<>();

    /**
     * @param kind     names the spill files ("sort", "aggregate")
     * @param keyOf    the sort key of a stored row
     * @param keyOrder the order every run is sorted in
     */
    SpilledRuns(TaskMemory memory, String kind, Function<Row, Row> keyOf, Comparator<Row> keyOrder) {
        this.memory = memory;
        this.kind = kind;
        this.keyOf = keyOf;
        this.keyOrder = keyOrder;
    }

    boolean isEmpty() {
        return runs.isEmpty();
    }

    int count() {
        return runs.size();
    }

    /** Writes rows, already in key order, as the next run. */
    void write(Iterator<Row> sortedRows) {
        runs.add(writeRun(sortedRows));
    }

    private Path writeRun(Iterator<Row> sortedRows) {
        SpillWriter writer = memory.newSpillFile(kind);
        try {
            while (sortedRows.hasNext()) writer.write(sortedRows.next());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the spill file " + writer.file(), e);
        }
        memory.finishSpillFile(writer);
        return writer.file();
    }

    /**
     * Every run, then {@code newest} (rows still in memory, sorted, after all spilled ones), as one stream in key
     * order. Call once.
     */
    Iterator<Row> merge(Iterator<Row> newest) {
        List<Path> files = new ArrayList<>(runs);
        runs.clear();
        while (files.size() + 1 > MAX_MERGE_WIDTH) files = mergeInGroups(files);
        List<Iterator<Row>> sources = new ArrayList<>();
        for (Path file : files) sources.add(memory.readSpillFile(file, true));
        sources.add(newest);
        return new SortedMerge(sources, keyOf, keyOrder);
    }

    /** One merge pass over disk: each group of consecutive runs becomes one run, in the same place. */
    private List<Path> mergeInGroups(List<Path> files) {
        List<Path> merged = new ArrayList<>();
        for (int start = 0; start < files.size(); start += MAX_MERGE_WIDTH) {
            List<Iterator<Row>> group = new ArrayList<>();
            for (Path file : files.subList(start, Math.min(files.size(), start + MAX_MERGE_WIDTH))) {
                group.add(memory.readSpillFile(file, true));
            }
            merged.add(writeRun(new SortedMerge(group, keyOf, keyOrder)));
        }
        return merged;
    }
}
