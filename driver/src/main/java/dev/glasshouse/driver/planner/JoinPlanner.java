package dev.glasshouse.driver.planner;

import dev.glasshouse.core.exec.Partitioning;
import dev.glasshouse.core.plan.Join;
import dev.glasshouse.core.plan.JoinType;
import dev.glasshouse.driver.analysis.JoinKeys;
import java.util.EnumSet;
import java.util.Set;

/**
 * Chooses between a broadcast hash join and a shuffled hash join. A side can be broadcast only when its
 * unmatched rows never appear in the output (every probe task sees all of it, so none of them can tell that a
 * build row matched nowhere): the right side for inner, left outer, semi and anti joins; the left side for inner
 * and right outer joins. Of two candidates, the smaller side is broadcast.
 */
final class JoinPlanner {
    private static final Set<JoinType> BROADCAST_RIGHT = EnumSet.of(JoinType.INNER, JoinType.LEFT_OUTER,
            JoinType.LEFT_SEMI, JoinType.LEFT_ANTI);
    private static final Set<JoinType> BROADCAST_LEFT = EnumSet.of(JoinType.INNER, JoinType.RIGHT_OUTER);

    private final int shufflePartitions;
    private final long broadcastThreshold;
    private final SizeEstimator sizes;

    JoinPlanner(int shufflePartitions, long broadcastThreshold, SizeEstimator sizes) {
        this.shufflePartitions = shufflePartitions;
        this.broadcastThreshold = broadcastThreshold;
        this.sizes = sizes;
    }

    PhysicalNode plan(Join join, PhysicalNode left, PhysicalNode right) {
        JoinKeys keys = JoinKeys.extract(join.condition(), left.schema().size());
        boolean mergeKeys = !join.usingColumns().isEmpty() && !join.type().leftOnly();
        JoinType type = join.type();
        if (broadcastThreshold >= 0) {
            long leftBytes = BROADCAST_LEFT.contains(type) ? sizes.bytes(join.left()) : Long.MAX_VALUE;
            long rightBytes = BROADCAST_RIGHT.contains(type) ? sizes.bytes(join.right()) : Long.MAX_VALUE;
            boolean rightFits = rightBytes <= broadcastThreshold;
            boolean leftFits = leftBytes <= broadcastThreshold;
            if (rightFits && (!leftFits || rightBytes <= leftBytes)) {
                return new PhysicalNode.HashJoinExec(true, type, false, keys.leftKeys(), keys.rightKeys(),
                        keys.residual(), mergeKeys, join.schema(), left, single(right));
            }
            if (leftFits) {
                return new PhysicalNode.HashJoinExec(true, type, true, keys.leftKeys(), keys.rightKeys(),
                        keys.residual(), mergeKeys, join.schema(), single(left), right);
            }
        }
        return new PhysicalNode.HashJoinExec(false, type, false, keys.leftKeys(), keys.rightKeys(), keys.residual(),
                mergeKeys, join.schema(),
                new PhysicalNode.Exchange(new Partitioning.Hash(keys.leftKeys()), shufflePartitions, left),
                new PhysicalNode.Exchange(new Partitioning.Hash(keys.rightKeys()), shufflePartitions, right));
    }

    /** The broadcast side: its map tasks all write partition 0 of a one-partition shuffle. */
    private static PhysicalNode single(PhysicalNode side) {
        return PhysicalNode.Exchange.hashOnLeadingColumns(0, 1, side);
    }
}
