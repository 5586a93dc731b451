package io.splice.image;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module's packages form a DAG, and the façade package is a leaf that no internal package
 * needs:
 *
 * <pre>
 * image (façade) ──▶ build ──▶ sandbox ──▶ layer ──▶ oci
 *                      │          └──▶ store (snapshots' use)
 *                      │ ──▶ registry ──▶ store ──▶ oci
 *                      │ ──▶ dockerfile
 *                      └───▶ core (the shared failure type; every package may use it)
 * </pre>
 */
class ArchitectureTest {
  private static final String ROOT = "io.splice.image";

  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
  }

  @Test
  void packages_formNoCycle() {
    packageCycles().check(main);
  }

  @Test
  void internalPackages_doNotUseTheFacade() {
    noClasses().that().resideInAPackage(ROOT + "..").and().resideOutsideOfPackage(ROOT)
        .should().dependOnClassesThat().resideInAPackage(ROOT)
        .because("the façade translates to and from the internal packages, never the other way")
        .check(main);
  }

  @Test
  void packageCycles_aCycleInFixtures_fails() {
    JavaClasses fixtures = new ClassFileImporter().importPackages(ROOT + ".archfixture");

    assertThatThrownBy(() -> packageCycles().check(fixtures))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("archfixture.one")
        .hasMessageContaining("archfixture.two");
  }

  /** Each package of the module is one slice, the façade's root package included. */
  private static ArchRule packageCycles() {
    return slices().assignedFrom(new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
        String pkg = javaClass.getPackageName();
        return pkg.equals(ROOT) || pkg.startsWith(ROOT + ".") ? SliceIdentifier.of(pkg) : SliceIdentifier.ignore();
      }

      @Override
      public String getDescription() {
        return "the packages of " + ROOT;
      }
    }).should().beFreeOfCycles();
  }
}
