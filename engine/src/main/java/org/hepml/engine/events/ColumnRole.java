package org.hepml.engine.events;

/**
 * What a column of a {@link Dataset} means to the estimators. The role follows from the column name,
 * so a table built in a Java cell gets the same roles as one a reader or simulator made:
 * {@code x.*} observables, {@code theta.*} parameters, {@code weight} (and named alternatives
 * {@code weight.*}), {@code r_xz} joint likelihood ratio, {@code t_xz.*} joint score, {@code y} label.
 */
public enum ColumnRole {
    OBSERVABLE("x."),
    PARAMETER("theta."),
    WEIGHT("weight"),
    ALT_WEIGHT("weight."),
    JOINT_RATIO("r_xz"),
    JOINT_SCORE("t_xz."),
    LABEL("y"),
    OTHER("");

    private final String pattern;

    ColumnRole(String pattern) {
        this.pattern = pattern;
    }

    /** The name pattern: a prefix ending in '.', or an exact name. */
    public String pattern() {
        return pattern;
    }

    public static ColumnRole of(String column) {
        if (column.equals("weight")) return WEIGHT;
        if (column.equals("r_xz")) return JOINT_RATIO;
        if (column.equals("y")) return LABEL;
        if (column.startsWith("weight.")) return ALT_WEIGHT;
        if (column.startsWith("x.")) return OBSERVABLE;
        if (column.startsWith("theta.")) return PARAMETER;
        if (column.startsWith("t_xz.")) return JOINT_SCORE;
        return OTHER;
    }
}
