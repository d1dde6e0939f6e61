package dev.glasshouse.core.exec.spill;

/** The tag byte before each value in a spill file: which Java type follows. */
final class SpillTags {
    static final int NULL = 0;
    static final int FALSE = 1;
    static final int TRUE = 2;
    static final int INT = 3;
    static final int LONG = 4;
    static final int DOUBLE = 5;
    static final int STRING = 6;
    static final int DECIMAL = 7;
    static final int DATE = 8;
    static final int TIMESTAMP = 9;
    static final int ARRAY = 10;

    private SpillTags() {
    }
}
