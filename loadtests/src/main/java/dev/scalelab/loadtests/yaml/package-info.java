/**
 * The strict YAML reader of ladder files and workload files: {@link dev.scalelab.loadtests.yaml.YamlDocument}
 * parses a file, {@link dev.scalelab.loadtests.yaml.YamlNode} reads typed values and records every problem with
 * {@code file:line:column}, unknown keys, nulls where a value belongs, {@code NaN} and infinite numbers included;
 * {@link dev.scalelab.loadtests.yaml.YamlFileException} lists them all.
 */
package dev.scalelab.loadtests.yaml;
