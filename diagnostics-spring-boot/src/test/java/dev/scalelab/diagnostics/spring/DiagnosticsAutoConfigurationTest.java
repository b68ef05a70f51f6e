package dev.scalelab.diagnostics.spring;

import com.zaxxer.hikari.HikariDataSource;
import dev.scalelab.diagnostics.Diagnostics;
import dev.scalelab.diagnostics.StackMode;
import dev.scalelab.diagnostics.UnitScope;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The starter's beans in small contexts, against the real PostgreSQL at {@code SCALELAB_TEST_DB_URL}. */
class DiagnosticsAutoConfigurationTest {
    static final String URL = System.getenv().getOrDefault("SCALELAB_TEST_DB_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DiagnosticsAutoConfiguration.class));

    static HikariDataSource pool() {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(URL);
        pool.setMaximumPoolSize(2);
        return pool;
    }

    /** Runs one read in a unit of its own and returns how many statements the unit counted. */
    static int statementsOfOneRead(Diagnostics diagnostics, DataSource dataSource) throws SQLException {
        try (UnitScope unit = diagnostics.open("probe");
             Connection c = dataSource.getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select 42 as answer")) {
            assertThat(rs.next()).isTrue();
            return unit.statements();
        }
    }

    @Test
    void aPoolBean_isRecordedOnce_andKeepsItsType() {
        contexts.withBean("dataSource", HikariDataSource.class, DiagnosticsAutoConfigurationTest::pool).run(context -> {
            HikariDataSource pool = context.getBean(HikariDataSource.class);
            assertThat(DataSourceRecording.isRecorded(pool)).isTrue();
            assertThat(statementsOfOneRead(context.getBean(Diagnostics.class), pool)).isEqualTo(1);
            assertThat(pool.getMaximumPoolSize()).isEqualTo(2);
        });
    }

    @Test
    void aTransactionAwareProxyOfThePool_countsEachStatementOnce() {
        contexts.withUserConfiguration(PoolAndProxy.class).run(context -> {
            DataSource proxy = context.getBean("proxy", DataSource.class);
            assertThat(statementsOfOneRead(context.getBean(Diagnostics.class), proxy)).isEqualTo(1);
        });
    }

    @Test
    void aProxyAroundAPoolThatIsNoBean_recordsThePool() {
        contexts.withBean("proxy", TransactionAwareDataSourceProxy.class,
                () -> new TransactionAwareDataSourceProxy(pool())).run(context -> {
            DataSource proxy = context.getBean(DataSource.class);
            assertThat(statementsOfOneRead(context.getBean(Diagnostics.class), proxy)).isEqualTo(1);
        });
    }

    @Test
    void aDataSourceTheAppWrappedItself_isLeftAlone() {
        Diagnostics own = Diagnostics.builder().build();
        DataSource wrapped = own.wrap(pool());
        contexts.withBean(Diagnostics.class, () -> own).withBean("dataSource", DataSource.class, () -> wrapped)
                .run(context -> {
                    assertThat(context.getBean(DataSource.class)).isSameAs(wrapped);
                    assertThat(context.getBean(Diagnostics.class)).isSameAs(own);
                    assertThat(statementsOfOneRead(own, wrapped)).isEqualTo(1);
                });
    }

    @Test
    void disabled_leavesTheDataSourceAlone_andMakesNoDiagnostics() {
        contexts.withPropertyValues("scalelab.diagnostics.enabled=false")
                .withBean("dataSource", HikariDataSource.class, DiagnosticsAutoConfigurationTest::pool)
                .run(context -> {
                    assertThat(context).doesNotHaveBean(Diagnostics.class);
                    assertThat(DataSourceRecording.isRecorded(context.getBean(DataSource.class))).isFalse();
                });
    }

    @Test
    void properties_configureTheDiagnostics() {
        contexts.withPropertyValues("scalelab.diagnostics.stacks=sampled", "scalelab.diagnostics.threshold=5",
                "scalelab.diagnostics.app-packages=com.acme.shop,org.acme", "scalelab.diagnostics.include-parameters=true")
                .run(context -> {
                    Diagnostics diagnostics = context.getBean(Diagnostics.class);
                    assertThat(diagnostics.stackMode()).isEqualTo(StackMode.SAMPLED);
                    assertThat(diagnostics.threshold()).isEqualTo(5);
                    assertThat(diagnostics.appPackages()).containsExactly("com.acme.shop", "org.acme");
                    assertThat(diagnostics.includesParameters()).isTrue();
                });
    }

    @Test
    void defaults_exactStacks_redactedParameters_andTheAutoConfigurationPackageAsAppPackage() {
        contexts.withUserConfiguration(AppPackage.class).run(context -> {
            Diagnostics diagnostics = context.getBean(Diagnostics.class);
            assertThat(diagnostics.stackMode()).isEqualTo(StackMode.EXACT);
            assertThat(diagnostics.threshold()).isEqualTo(3);
            assertThat(diagnostics.includesParameters()).isFalse();
            assertThat(diagnostics.appPackages()).containsExactly("dev.scalelab.diagnostics.spring");
        });
    }

    @Test
    void anAppWithoutSpringJdbcOrSpringMvc_stillStarts() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DiagnosticsAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader("org.springframework.jdbc.", "org.springframework.web.servlet."))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(Diagnostics.class).hasSingleBean(RequestUnitFilter.class);
                    assertThat(context).doesNotHaveBean(DataSourceRecording.class).doesNotHaveBean(RouteNaming.class);
                });
    }

    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage
    static class AppPackage {
    }

    @Configuration(proxyBeanMethods = false)
    static class PoolAndProxy {
        @Bean(destroyMethod = "close")
        HikariDataSource pool() {
            return DiagnosticsAutoConfigurationTest.pool();
        }

        @Bean
        TransactionAwareDataSourceProxy proxy(HikariDataSource pool) {
            return new TransactionAwareDataSourceProxy(pool);
        }
    }

    @Test
    void withoutATaskDecoratorOfTheApp_theStartersHandsTheUnitOver() {
        contexts.run(context -> {
            Diagnostics diagnostics = context.getBean(Diagnostics.class);
            TaskDecorator decorator = context.getBean(TaskDecorator.class);
            try (UnitScope unit = diagnostics.open("request")) {
                String[] seen = new String[1];
                Runnable task = decorator.decorate(() -> seen[0] = diagnostics.current().map(UnitScope::name).orElse("none"));
                Thread worker = new Thread(task);
                worker.start();
                worker.join();
                assertThat(seen[0]).isEqualTo("request");
            }
        });
    }

    @Test
    void theAppsOwnTaskDecorator_stillRuns_andHandsTheUnitOver() {
        AtomicInteger decorated = new AtomicInteger();
        contexts.withBean("appDecorator", TaskDecorator.class, () -> task -> {
            decorated.incrementAndGet();
            return task;
        }).run(context -> {
            Diagnostics diagnostics = context.getBean(Diagnostics.class);
            assertThat(context.getBeansOfType(TaskDecorator.class)).containsOnlyKeys("appDecorator");
            TaskDecorator decorator = context.getBean(TaskDecorator.class);
            try (UnitScope unit = diagnostics.open("request")) {
                String[] seen = new String[1];
                Thread worker = new Thread(decorator.decorate(
                        () -> seen[0] = diagnostics.current().map(UnitScope::name).orElse("none")));
                worker.start();
                worker.join();
                assertThat(seen[0]).isEqualTo("request");
            }
            assertThat(decorated).hasValue(1);
        });
    }

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DiagnosticsAutoConfiguration.class));

    @Test
    void endpoint_isOffWithoutAToken() {
        web.run(context -> {
            assertThat(context).hasSingleBean(RequestUnitFilter.class);
            assertThat(context).doesNotHaveBean(DiagnosticsActuatorEndpoint.class)
                    .doesNotHaveBean(DiagnosticsPathFilter.class);
        });
    }

    @Test
    void endpoint_isOnWithAToken_atItsOwnPathAndInActuator() {
        web.withPropertyValues("scalelab.diagnostics.endpoint.token=0123456789abcdef").run(context ->
                assertThat(context).hasSingleBean(DiagnosticsActuatorEndpoint.class).hasSingleBean(DiagnosticsPathFilter.class));
    }

    @Test
    void endpoint_withoutActuator_isStillServedAtItsOwnPath() {
        web.withPropertyValues("scalelab.diagnostics.endpoint.token=0123456789abcdef")
                .withClassLoader(new org.springframework.boot.test.context.FilteredClassLoader(
                        "org.springframework.boot.actuate"))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(DiagnosticsPathFilter.class)
                        .doesNotHaveBean(DiagnosticsActuatorEndpoint.class));
    }

    @Test
    void endpoint_aShortToken_failsTheStart_sayingWhatToDo() {
        web.withPropertyValues("scalelab.diagnostics.endpoint.token=short").run(context ->
                assertThat(context).getFailure().rootCause().hasMessage("diagnostics endpoint token: expected at"
                        + " least 16 characters, found 5; generate one, e.g. with `openssl rand -hex 16`"));
    }
}
