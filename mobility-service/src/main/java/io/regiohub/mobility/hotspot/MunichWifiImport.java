package io.regiohub.mobility.hotspot;

import io.regiohub.starter.web.HubProblem;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Locale;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The City of Munich's open-data list of public Wi-Fi locations ("WLAN-Standorte LHM München",
 * dl-de/by-2-0): one entry per location with its type, place, address, number of access points and
 * coordinates. Each becomes an {@code ACTIVE} hotspot keyed by address and position, so a re-import
 * of an updated list updates instead of duplicating.
 */
@Component
public class MunichWifiImport {

    public record Location(@Size(max = 200) String typ, @Size(max = 200) String ort,
                           @NotBlank @Size(max = 300) String adresse, @Min(0) Integer anzahl,
                           @NotNull @DecimalMin("-90") @DecimalMax("90") Double latitude,
                           @NotNull @DecimalMin("-180") @DecimalMax("180") Double longitude) {
    }

    public record Result(int received, int created, int unchanged) {
    }

    private final Hotspots hotspots;

    public MunichWifiImport(Hotspots hotspots) {
        this.hotspots = hotspots;
    }

    @Transactional
    public Result importList(String municipality, String ssid, String operator, java.util.List<Location> list) {
        if (list == null || list.isEmpty()) {
            throw HubProblem.invalidField("body", "is an empty list: send the locations as a JSON array");
        }
        int created = 0;
        for (Location l : list) {
            String key = l.adresse().strip() + "@" + String.format(Locale.ROOT, "%.6f,%.6f", l.latitude(), l.longitude());
            String name = l.typ() == null || l.typ().isBlank() ? l.adresse().strip() : l.adresse().strip() + " (" + l.typ().strip() + ")";
            Hotspots.Recorded r = hotspots.create(municipality, new Hotspots.NewHotspot(name, ssid, operator,
                    Hotspots.Status.ACTIVE, l.latitude(), l.longitude(), null, null, null, l.anzahl(), l.typ(), "muc-wlan",
                    key));
            created += r.created() ? 1 : 0;
        }
        return new Result(list.size(), created, list.size() - created);
    }
}
