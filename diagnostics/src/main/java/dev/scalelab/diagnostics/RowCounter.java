package dev.scalelab.diagnostics;

import net.ttddyy.dsproxy.proxy.ProxyJdbcObject;
import net.ttddyy.dsproxy.proxy.ResultSetProxyLogic;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.ResultSet;

/** Counts the rows the application reads from one result set; every other call goes straight through. */
final class RowCounter implements ResultSetProxyLogic {
    private final ResultSet target;
    StatementRecord record;

    RowCounter(ResultSet target) {
        this.target = target;
    }

    void attach(StatementRecord r) {
        record = r;
        r.rows = 0;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (name.equals("next")) {
            boolean more = target.next();
            StatementRecord r = record;
            if (more && r != null) {
                r.rows++;
            }
            return more;
        }
        if (method.getDeclaringClass() == ProxyJdbcObject.class) {
            return target;
        }
        switch (name) {
            case "toString":
                if (args == null) {
                    return getClass().getSimpleName() + "[" + target + "]";
                }
                break;
            case "hashCode":
                if (args == null) {
                    return System.identityHashCode(proxy);
                }
                break;
            case "equals":
                if (args != null && args.length == 1) {
                    return proxy == args[0];
                }
                break;
            case "unwrap":
                if (args != null && args.length == 1 && args[0] instanceof Class<?> c && c.isInstance(target)) {
                    return target;
                }
                break;
            case "isWrapperFor":
                if (args != null && args.length == 1 && args[0] instanceof Class<?> c && c.isInstance(target)) {
                    return true;
                }
                break;
            default:
                break;
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getTargetException();
        }
    }
}
