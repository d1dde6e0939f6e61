package dev.glasshouse.driver.cache;

import dev.glasshouse.core.cache.StorageLevel;
import dev.glasshouse.core.plan.CachedRelation;
import dev.glasshouse.core.plan.LogicalPlan;
import dev.glasshouse.driver.analysis.Analyzer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The application's persisted datasets, found by their plan: any later query containing the same plan (the
 * DataFrame that was persisted, or one derived from it) reads the cached partitions instead, as Spark's
 * CacheManager does. Persisting is lazy: nothing is computed until a query reads the dataset.
 *
 * <p>Thread-safe: user threads persist and plan queries concurrently.
 */
public final class CacheManager {

    /** One persisted dataset: the parsed plan it was persisted with, and where its partitions live. */
    public record CachedData(int datasetId, LogicalPlan plan, StorageLevel level) {
    }

    private final List<CachedData> cached = new ArrayList<>();
    private int nextDatasetId;

    /** Persists the plan's dataset; a plan already persisted keeps its id and level (as in Spark). */
    public synchronized CachedData persist(LogicalPlan parsed, StorageLevel level) {
        if (level == StorageLevel.NONE) throw new IllegalArgumentException("persist with level NONE: use unpersist()");
        Optional<CachedData> existing = find(parsed);
        if (existing.isPresent()) return existing.get();
        CachedData data = new CachedData(nextDatasetId++, parsed, level);
        cached.add(data);
        return data;
    }

    /** Forgets the plan's dataset; empty when it was not persisted. */
    public synchronized Optional<CachedData> unpersist(LogicalPlan parsed) {
        Optional<CachedData> existing = find(parsed);
        existing.ifPresent(cached::remove);
        return existing;
    }

    public synchronized StorageLevel levelOf(LogicalPlan parsed) {
        return find(parsed).map(CachedData::level).orElse(StorageLevel.NONE);
    }

    /**
     * The plan with every persisted sub-plan replaced by a {@link CachedRelation} (outermost first; a persisted
     * plan inside another persisted plan is replaced inside that one's plan). Returns the same instance when
     * nothing is persisted under it.
     */
    public synchronized LogicalPlan substitute(LogicalPlan parsed) {
        if (cached.isEmpty()) return parsed;
        Optional<CachedData> match = find(parsed);
        if (match.isPresent()) {
            CachedData data = match.get();
            LogicalPlan inner = substituteChildren(parsed);
            return new CachedRelation(data.datasetId(), data.level(), new Analyzer().analyze(inner));
        }
        return substituteChildren(parsed);
    }

    private LogicalPlan substituteChildren(LogicalPlan plan) {
        List<LogicalPlan> children = plan.children();
        if (children.isEmpty()) return plan;
        List<LogicalPlan> replaced = children.stream().map(this::substitute).toList();
        boolean same = true;
        for (int i = 0; i < children.size(); i++) same &= replaced.get(i) == children.get(i);
        return same ? plan : plan.withChildren(replaced);
    }

    private Optional<CachedData> find(LogicalPlan parsed) {
        // Identity first: a derived DataFrame shares its parent's plan objects, and equals on big trees is slow.
        for (CachedData data : cached) {
            if (data.plan() == parsed) return Optional.of(data);
        }
        return cached.stream().filter(data -> data.plan().equals(parsed)).findFirst();
    }
}
