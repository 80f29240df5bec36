package io.meshward.waf.service.route;

import io.meshward.waf.service.profile.LoadedProfile;

/**
 * Who a request is for and how to treat it, as the route said.
 *
 * @param workload the workload ("namespace/name"), or empty when the route did not say
 * @param mode the mode in force
 * @param profile the profile in force
 */
public record RouteContext(String workload, Mode mode, LoadedProfile profile) {}
