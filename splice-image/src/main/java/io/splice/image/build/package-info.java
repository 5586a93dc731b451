/**
 * Builds an image from a parsed Dockerfile: {@link io.splice.image.build.BuildRunner} reads as the
 * recipe and wires one package-private step per phase ({@code FromStep}, {@code CopyStep}, {@code
 * RunStep}, {@code WorkdirStep}, {@code ConfigStep}, {@code CommitLayerStep}, {@code
 * WriteImageStep}, {@code ExportStep}). A stage's state is a {@code StageState}: its filesystem
 * index, layers, history and config. Its inputs and outputs are its own value types ({@code
 * BuildSpec}, {@code StepProgress}, {@code BuildOutput}), which the façade translates. Depends on
 * {@code core}, {@code dockerfile}, {@code oci}, {@code layer}, {@code sandbox}, {@code registry}
 * and {@code store}.
 */
package io.splice.image.build;
