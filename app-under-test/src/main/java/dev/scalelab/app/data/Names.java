package dev.scalelab.app.data;

import java.util.List;
import java.util.Random;

/** Words the generator draws from. User 1 is always Gina Caputo, the story's user whose page everybody saw. */
final class Names {
    static final String FIRST_USER = "Gina Caputo";

    private static final List<String> FIRST = List.of("Ada", "Alan", "Barbara", "Bjarne", "Brian", "Carla", "Dennis",
            "Donald", "Edsger", "Elena", "Fatima", "Frances", "Grace", "Guido", "Hedy", "Ivan", "Jean", "Joan", "Ken",
            "Linus", "Lynn", "Margaret", "Mary", "Niklaus", "Noor", "Olga", "Radia", "Rasmus", "Rob", "Sophie",
            "Tim", "Ursula", "Yukihiro", "Zoe", "Anders", "Chen", "Priya", "Kofi", "Amara", "Mateo");
    private static final List<String> LAST = List.of("Allen", "Backus", "Bosworth", "Cerf", "Dijkstra", "Engelbart",
            "Floyd", "Goldberg", "Hamilton", "Hopper", "Kahn", "Knuth", "Lamport", "Liskov", "Lovelace", "McCarthy",
            "Milner", "Naur", "Perlman", "Pike", "Ritchie", "Sammet", "Shaw", "Stroustrup", "Tarjan", "Thompson",
            "Torvalds", "Turing", "Wilson", "Wirth", "Okafor", "Nakamura", "Rossi", "Haddad", "Kowalski", "Silva");
    static final List<String> TAGS = List.of("java", "postgres", "performance", "caching", "orm", "hibernate",
            "jdbc", "nginx", "scaling", "queues", "testing", "ci", "profiling", "jvm", "gc", "sql", "indexes",
            "http", "latency", "observability", "security", "cookies", "sessions", "pooling", "async", "redis",
            "memcached", "load-testing", "gatling", "benchmarks", "linux", "cpu", "memory", "io", "networking",
            "design", "refactoring", "debugging", "monitoring", "deployment");
    private static final List<String> WORDS = List.of("why", "our", "page", "got", "slow", "and", "how", "we",
            "fixed", "it", "the", "database", "cache", "query", "queries", "one", "thousand", "eager", "lazy",
            "loading", "connections", "pool", "server", "worker", "queue", "users", "every", "request", "latency",
            "measured", "again", "faster", "lessons", "from", "production", "a", "story", "of", "scaling");

    private Names() {
    }

    static String person(long id, Random r) {
        if (id == 1) {
            return FIRST_USER;
        }
        return FIRST.get(r.nextInt(FIRST.size())) + " " + LAST.get(r.nextInt(LAST.size()));
    }

    static String tag(int i) {
        return i < TAGS.size() ? TAGS.get(i) : TAGS.get(i % TAGS.size()) + "-" + (i / TAGS.size());
    }

    static String sentence(Random r, int minWords, int maxWords) {
        int n = minWords + r.nextInt(maxWords - minWords + 1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String w = WORDS.get(r.nextInt(WORDS.size()));
            sb.append(i == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
            sb.append(i == n - 1 ? "." : " ");
        }
        return sb.toString();
    }
}
