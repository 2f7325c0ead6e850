package dev.danvic.hmm.pools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiVersionTest {

  @Test
  void readsMajorMinorPatchAndIgnoresTheQualifier() {
    assertThat(ApiVersion.parse("1.2.3")).isEqualTo(new ApiVersion(1, 2, 3));
    assertThat(ApiVersion.parse("0.4")).isEqualTo(new ApiVersion(0, 4, 0));
    assertThat(ApiVersion.parse(" 2.0.1-SNAPSHOT ")).isEqualTo(new ApiVersion(2, 0, 1));
    assertThat(ApiVersion.parse("3.1.0.Final")).hasToString("3.1.0");
  }

  @Test
  void refusesWhatIsNotAVersionNamingIt() {
    for (String bad : List.of("", "latest", "1", "1.x", "-1.2", "v1.2.3")) {
      assertThatThrownBy(() -> ApiVersion.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + bad + "'");
    }
    assertThatThrownBy(() -> new ApiVersion(1, -1, 0)).hasMessageContaining("1.-1.0");
  }

  @Test
  void aPluginRunsOnTheSameMajorWithNoNewerMinor() {
    ApiVersion api = ApiVersion.parse("2.3.1");
    assertThat(List.of("2.0", "2.3.0", "2.3.9", "2.1.7-SNAPSHOT"))
        .allSatisfy(v -> assertThat(api.canRun(ApiVersion.parse(v))).as(v).isTrue());
    assertThat(List.of("1.9.0", "3.0.0", "2.4.0"))
        .allSatisfy(v -> assertThat(api.canRun(ApiVersion.parse(v))).as(v).isFalse());
  }

  @Test
  void theRunningVersionIsTheOneMavenBuilt() {
    // the pom hands its version to the test; the class reads what resource filtering wrote
    String projectVersion = System.getProperty("hmm.test.projectVersion");
    assertThat(projectVersion).as("set by the api pom's surefire configuration").isNotBlank();
    assertThat(ApiVersion.running()).contains(ApiVersion.parse(projectVersion));
  }
}
