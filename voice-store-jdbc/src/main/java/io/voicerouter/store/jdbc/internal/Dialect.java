package io.voicerouter.store.jdbc.internal;

/** What differs between the two databases; the SQL is otherwise shared. */
public enum Dialect {
    /** Writers serialize on the database file (BEGIN IMMEDIATE), so no row locks are needed. */
    SQLITE("sqlite", "?", ""),
    /** Row locks ({@code FOR UPDATE}) serialize writers of the same row; voice_config is jsonb. */
    POSTGRESQL("postgresql", "CAST(? AS jsonb)", " FOR UPDATE");

    private final String folder;
    private final String jsonParameter;
    private final String forUpdate;

    Dialect(String folder, String jsonParameter, String forUpdate) {
        this.folder = folder;
        this.jsonParameter = jsonParameter;
        this.forUpdate = forUpdate;
    }

    public static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported database URL; use jdbc:sqlite:<file> or jdbc:postgresql://...");
    }

    /** Resource folder of this dialect's migrations. */
    String migrationFolder() {
        return "io/voicerouter/store/jdbc/migration/" + folder + "/";
    }

    /** The placeholder for a JSON document parameter. */
    String jsonParameter() {
        return jsonParameter;
    }

    /** Appended to a SELECT that must lock the rows it reads until the transaction ends. */
    String forUpdate() {
        return forUpdate;
    }
}
