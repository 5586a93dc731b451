/**
 * Builds an image from a parsed Dockerfile: {@link io.splice.image.build.BuildRunner} reads as the
 * recipe and wires one package-private step per phase ({@code FromStep}, {@code CopyStep}, {@code
 * WorkdirStep}, {@code ConfigStep}, {@code CommitLayerStep}, {@code WriteImageStep}, {@code
 * ExportStep}). A stage's state is a {@code StageState}: its filesystem index, layers, history and
 * config. {@code RUN} is refused until a sandbox exists. Depends on {@code dockerfile}, {@code
 * oci}, {@code layer} and {@code store}.
 */
package io.splice.image.build;
