package dev.scalelab.diagnostics.sql;

import dev.scalelab.diagnostics.StatementKind;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SqlNormalizerTest {

    static String fp(String sql) {
        return SqlNormalizer.normalize(sql).fingerprint();
    }

    static StatementKind kind(String sql) {
        return SqlNormalizer.normalize(sql).kind();
    }

    @Nested
    class Fingerprint {
        @Test
        void literals_and_bind_markers_become_placeholders() {
            assertThat(fp("SELECT * FROM t WHERE a = 42 AND b = 'x''y' AND c = ? AND d = $1 AND e = 1.5e3"))
                    .isEqualTo("select * from t where a = ? and b = ? and c = ? and d = ? and e = ?");
        }

        @Test
        void literals_are_kept_apart_for_parameter_identity() {
            assertThat(SqlNormalizer.normalize("select * from t where a = 42 and b = 'x''y' and c = -7").literals())
                    .containsExactly("42", "'x''y'", "-7");
        }

        @Test
        void whitespace_and_keyword_case_are_normalized_but_quoted_identifiers_keep_their_case() {
            assertThat(fp("select\n\t\"Name\"  ,x FROM   \"Users\"  u  where u.ID=?"))
                    .isEqualTo("select \"Name\", x from \"Users\" u where u.id = ?");
        }

        @Test
        void comments_are_dropped_including_sqlcommenter_and_nested_ones() {
            assertThat(fp("/* outer /* inner */ still */ select a -- trailing\n from t /*traceparent='00-abc-01'*/"))
                    .isEqualTo(fp("select a from t"));
        }

        @Test
        void in_lists_of_any_length_collapse_to_one_form() {
            assertThat(fp("select * from t where id in (?)"))
                    .isEqualTo(fp("select * from t where id in (?, ?, ?)"))
                    .isEqualTo(fp("select * from t where id IN (1,2,3,4)"))
                    .isEqualTo("select * from t where id in (...)");
            assertThat(SqlNormalizer.normalize("select * from t where id in (?, ?, ?)").largestList()).isEqualTo(3);
        }

        @Test
        void tuple_in_lists_and_array_literals_collapse_too() {
            assertThat(fp("select * from t where (a, b) in ((?, ?), (?, ?))"))
                    .isEqualTo("select * from t where (a, b) in (...)");
            assertThat(fp("select * from t where id = any(array[1, 2, 3])"))
                    .isEqualTo(fp("select * from t where id = ANY (ARRAY[?])"));
        }

        @Test
        void any_with_one_array_parameter_is_recognized() {
            NormalizedSql n = SqlNormalizer.normalize("select * from author where id = any (?)");
            assertThat(n.anyParameter()).isTrue();
            assertThat(n.fingerprint()).isEqualTo("select * from author where id = any (?)");
        }

        @Test
        void multi_row_values_collapse_to_the_first_row() {
            assertThat(fp("insert into t (a, b) values (1, 'x'), (2, 'y'), (3, 'z')"))
                    .isEqualTo(fp("insert into t (a, b) values (?, ?)"));
        }

        @Test
        void strings_that_look_like_sql_stay_literals() {
            assertThat(fp("select 'it''s -- not a comment /* nor this */' as x from t"))
                    .isEqualTo("select ? as x from t");
            assertThat(fp("select $$ a ' b $$, $tag$ c $$ d $tag$, E'\\' x' from t"))
                    .isEqualTo("select ?, ?, ? from t");
        }

        @Test
        void casts_and_function_calls_render_compactly() {
            assertThat(fp("SELECT COUNT( * ) , ?::int FROM t")).isEqualTo("select count(*), ?::int from t");
        }

        @Test
        void negative_numbers_are_one_literal_but_subtraction_stays() {
            assertThat(fp("select a - 1 from t where b = -1")).isEqualTo("select a - ? from t where b = ?");
        }

        @Test
        void the_json_question_mark_operator_escape_is_not_a_parameter() {
            assertThat(fp("select * from t where doc ?? 'k' and x = ?")).isEqualTo("select * from t where doc ?? ? and x = ?");
        }

        @Test
        void identifiers_with_digits_are_not_numbers() {
            assertThat(fp("select a1_0.id from author a1_0 where a1_0.id = 5")).isEqualTo(
                    "select a1_0.id from author a1_0 where a1_0.id = ?");
        }

        @Test
        void limit_offset_and_fetch_first_mark_a_paged_statement() {
            assertThat(SqlNormalizer.normalize("select * from t where id > ? order by id limit 100").paged()).isTrue();
            assertThat(SqlNormalizer.normalize("select * from t offset ? rows fetch first ? rows only").paged()).isTrue();
            assertThat(SqlNormalizer.normalize("select * from t where id in (select id from u limit 1)").paged())
                    .isFalse();
        }

        @Test
        void unterminated_text_still_gets_a_fingerprint() {
            assertThat(fp("select 'unterminated")).isEqualTo("select ?");
            assertThat(fp("select /* open comment")).isEqualTo("select");
            assertThat(fp("")).isEmpty();
        }
    }

    @Nested
    class Classification {
        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', value = {
                "select * from t | READ",
                "  (select 1 from t) union (select 2 from u) | READ",
                "with recent as (select * from a) select * from recent | READ",
                "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r | READ",
                "with d as (delete from a where x = 1 returning *) select * from d | WRITE",
                "with x as (select 1) insert into t select * from x | WRITE",
                "values (1), (2) | READ",
                "select * from t for update | READ",
                "insert into t values (nextval('s'), 1) | WRITE",
                "update t set a = 1 | WRITE",
                "delete from t | WRITE",
                "merge into t using s on t.id = s.id when matched then update set a = 1 | WRITE",
                "create table t (id int) | DDL",
                "drop table t | DDL",
                "truncate t | DDL",
                "set search_path to x | INFRASTRUCTURE",
                "SET LOCAL statement_timeout = 5000 | INFRASTRUCTURE",
                "show transaction isolation level | INFRASTRUCTURE",
                "savepoint sp1 | INFRASTRUCTURE",
                "release savepoint sp1 | INFRASTRUCTURE",
                "rollback to savepoint sp1 | INFRASTRUCTURE",
                "begin | INFRASTRUCTURE",
                "start transaction read only | INFRASTRUCTURE",
                "commit | INFRASTRUCTURE",
                "select nextval('article_seq') | INFRASTRUCTURE",
                "select nextval('article_seq') from generate_series(1, 50) | INFRASTRUCTURE",
                "select 1 | INFRASTRUCTURE",
                "SELECT 1 AS ok | INFRASTRUCTURE",
                "select version() | INFRASTRUCTURE",
                "select pg_advisory_xact_lock(42) | INFRASTRUCTURE",
                "select * from t where tenant = current_setting('app.tenant') | READ",
                "select now() | READ",
                "/* traceparent */ select * from t | READ",
                "vacuum | DDL",
                "frobnicate the database | OTHER"
        })
        void classifies(String sql, StatementKind expected) {
            assertThat(kind(sql)).isEqualTo(expected);
        }
    }

    @Test
    void the_cache_returns_the_same_result_and_survives_overflow() {
        FingerprintCache cache = new FingerprintCache(2);
        NormalizedSql a = cache.normalize("select 1 from a");
        assertThat(cache.normalize("select 1 from a")).isSameAs(a);
        cache.normalize("select 2 from b");
        cache.normalize("select 3 from c");
        assertThat(cache.normalize("select 1 from a")).isEqualTo(a);
    }
}
