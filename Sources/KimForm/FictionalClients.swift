/// Clients who do not exist, for the benchmark and the tests of form batches: names built from
/// two lists, never a real person's record.
///
/// A CSV in the eAT form's field ids, one client a row: names with Turkish letters, quoted fields,
/// a phone number and passport number that name the row (row i: `+49 221 4710-(100 + i)`,
/// `X(100000 + i)`, counting from 0), and a child on every third row.
public enum FictionalClients {
    public static func csv(count n: Int) -> String {
        let surnames = ["Haddad", "Yılmaz", "Kovalenko", "Rahimi", "Tesfay", "Petrova", "Şahin", "Ahmadi", "Bondarenko", "Gebremedhin"]
        let given = ["Samira", "Mehmet", "Olena", "Dariush", "Selam", "Irina", "Zeynep", "Farid", "Taras", "Mulu"]
        var csv = "surname,given_names,date_of_birth,sex,nationality,street,postcode,city,phone,passport_number,passport_valid_until,entry_date,purpose,means_of_support,children.1.name,children.1.date_of_birth\n"
        func twoDigits(_ k: Int) -> String { k < 10 ? "0\(k)" : "\(k)" }
        for i in 0..<n {
            let born = "19\(70 + i % 30)-\(twoDigits(i % 12 + 1))-\(twoDigits(i % 28 + 1))"
            csv += "\(surnames[i % 10]),\"\(given[(i / 10) % 10])\",\(born),\(["female", "male"][i % 2]),syrisch,\"Beispielweg \(i + 1)\",50999,Musterstadt,+49 221 4710-\(100 + i),X\(100000 + i),2030-01-31,2016-02-11,humanitarian,employment|family,"
            csv += i % 3 == 0 ? "\"\(surnames[i % 10]), Lina\",2015-05-20\n" : ",\n"
        }
        return csv
    }
}
