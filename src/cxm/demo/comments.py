"""Open-comment banks for the demo data, in Khmer, Thai, Vietnamese and English.

Each language has three sentiment bands (negative, neutral, positive) about web hosting and
its support: downtime, speed, cPanel, SSL, DNS, e-mail delivery, migration, billing. The
negative band has a companion bank about a service outage, used for answers given during or
just after one. Thai and Khmer write words without spaces; a space separates clauses.

A few comments hold characters that must be escaped in HTML (``<``, ``&``, quotes) and a
few span several lines, so that every screen and export that shows them is exercised.
"""

from __future__ import annotations

from typing import Final

Bank = dict[str, tuple[str, ...]]

NEGATIVE: Final = "negative"
NEUTRAL: Final = "neutral"
POSITIVE: Final = "positive"
BANDS: Final = (NEGATIVE, NEUTRAL, POSITIVE)

EN: Bank = {
    NEGATIVE: (
        "My site was down for hours and nobody gave us an update.",
        "Support took almost a day to answer a simple DNS question.",
        "The SSL certificate expired and auto-renewal did not work. Our visitors saw a "
        "security warning.",
        "Emails to Gmail keep landing in spam even after I followed your SPF & DKIM guide.",
        "The migration broke my WordPress database and I had to restore it myself.",
        "I was charged twice this month and it took three tickets to get a refund.",
        "cPanel is extremely slow, the File Manager times out every time.",
        "The agent closed my ticket without fixing anything.",
        'Live chat said "someone will call you back". Nobody called.',
        "Website speed has been terrible since you moved us to the new server.",
        "I had to explain the same problem to three different agents.",
        "The renewal price went up without any notice.",
        "The page only shows <503 Service Unavailable> and support keeps saying it's fixed.",
        "The backups were missing exactly when I needed them.",
        "I could not log in for two days and the password reset e-mail never arrived.",
        "Very disappointed.\nThe server has been unstable all week and I am losing orders.",
    ),
    NEUTRAL: (
        "Problem solved, but it took longer than I expected.",
        "The agent was polite, though I had to follow up twice.",
        "OK service. The knowledge base could explain the DNS settings more clearly.",
        "The migration worked in the end, just a bit slowly.",
        "Fine for a small site. Not sure it will cope with more traffic.",
        "The billing page is confusing, but support explained the invoice.",
        "The answer was correct, if a bit too technical for me.",
        "Average. Nothing bad, nothing special.",
        "SSL is installed now. It would be nice if it were automatic.",
        "Phone support is okay, but I waited about 15 minutes.",
        "E-mail works again. I still don't know what caused the problem.",
        "Decent price for what you get.",
        "The cPanel interface looks a bit old-fashioned, but it does the job.",
        "It works, but I'd like a status page so I know when there is an issue.",
        "The reply came the next morning. Acceptable for a question that wasn't urgent.",
        "Good & bad: fast chat, slow e-mail replies.",
    ),
    POSITIVE: (
        "Fast and friendly support, problem fixed in 10 minutes!",
        "The team moved all 12 of our sites without any downtime. Thank you!",
        "Great uptime, my online store has not gone down once this year.",
        "The agent on live chat fixed my DNS records right away.",
        "Free SSL set up in a few minutes. Excellent.",
        "Very fast hosting, pages load in under a second.",
        "Clear answer about the invoice, and the refund arrived the same day.",
        "The best hosting support I have used in Southeast Asia.",
        "They explained step by step how to stop my e-mails going to spam.",
        "cPanel is easy to use and the backups work perfectly.",
        "Thank you!\nThe site is back online and faster than before.",
        "Someone answers on Telegram even at midnight. Impressive.",
        "Good value for money & reliable servers.",
        "The technician went the extra mile and optimised my database too.",
        "Moving to your VPS was the best decision for our business.",
        'I rated it "excellent" because it was solved before I finished my coffee.',
    ),
}

EN_OUTAGE: tuple[str, ...] = (
    "Our websites were down for most of the day during the outage. Unacceptable.",
    "Downtime again! We lost sales & nobody sent a status update.",
    "Shared hosting was offline for hours and live chat was not answering.",
    "The outage took our e-mail down too. Clients could not reach us.",
    "Please add a status page. During the outage we had no idea what was happening.",
    "Server down 3 times this week.\nI am considering moving to another provider.",
)

VI: Bank = {
    NEGATIVE: (
        "Website bị sập mấy tiếng liền mà không ai thông báo gì cả.",
        "Bộ phận hỗ trợ trả lời quá chậm, gần một ngày mới có phản hồi.",
        "Chứng chỉ SSL hết hạn mà không tự gia hạn, khách truy cập thấy cảnh báo bảo mật.",
        "Email gửi đi toàn vào thư mục spam dù tôi đã cấu hình SPF & DKIM theo hướng dẫn.",
        "Việc chuyển website làm hỏng database WordPress của tôi.",
        "Tháng này tôi bị trừ tiền hai lần, gửi ba ticket mới được hoàn tiền.",
        "cPanel rất chậm, File Manager lần nào cũng bị timeout.",
        "Nhân viên đóng ticket trong khi vấn đề vẫn chưa được giải quyết.",
        'Chat trực tuyến hứa "sẽ gọi lại" nhưng chẳng có ai gọi.',
        "Tốc độ website tệ hẳn từ khi chuyển sang máy chủ mới.",
        "Tôi phải giải thích cùng một lỗi cho ba nhân viên khác nhau.",
        "Giá gia hạn tăng mà không hề báo trước.",
        "Trang web chỉ hiện <503 Service Unavailable> mà hỗ trợ cứ nói là đã sửa xong.",
        "Đến lúc cần bản sao lưu thì lại không có.",
        "Hai ngày không đăng nhập được, email đặt lại mật khẩu không bao giờ tới.",
        "Rất thất vọng.\nMáy chủ chập chờn cả tuần, tôi mất rất nhiều đơn hàng.",
    ),
    NEUTRAL: (
        "Đã giải quyết xong nhưng lâu hơn tôi nghĩ.",
        "Nhân viên lịch sự, nhưng tôi phải nhắc lại hai lần.",
        "Dịch vụ tạm ổn. Hướng dẫn cấu hình DNS nên viết rõ ràng hơn.",
        "Chuyển website cuối cùng cũng xong, chỉ hơi chậm.",
        "Ổn với website nhỏ, không biết khi lượng truy cập tăng thì thế nào.",
        "Trang thanh toán hơi khó hiểu nhưng nhân viên đã giải thích hóa đơn.",
        "Câu trả lời đúng nhưng dùng hơi nhiều thuật ngữ kỹ thuật.",
        "Bình thường, không có gì đặc biệt.",
        "SSL đã cài xong, nếu được cài tự động thì tốt hơn.",
        "Hỗ trợ qua điện thoại ổn nhưng phải chờ khoảng 15 phút.",
        "Email đã hoạt động lại, nhưng tôi vẫn chưa biết nguyên nhân.",
        "Giá cả hợp lý so với chất lượng.",
        "Giao diện cPanel hơi cũ nhưng vẫn dùng được.",
        "Dùng được, nhưng nên có trang trạng thái hệ thống để biết khi có sự cố.",
        "Sáng hôm sau mới có phản hồi, chấp nhận được với câu hỏi không gấp.",
        "Chat thì nhanh & email thì chậm.",
    ),
    POSITIVE: (
        "Hỗ trợ nhanh và nhiệt tình, lỗi được sửa trong 10 phút!",
        "Đội kỹ thuật chuyển 12 website của chúng tôi mà không bị gián đoạn. Cảm ơn!",
        "Uptime rất tốt, cửa hàng online chưa sập lần nào trong năm nay.",
        "Nhân viên chat trực tuyến sửa bản ghi DNS cho tôi ngay lập tức.",
        "Cài SSL miễn phí chỉ trong vài phút. Tuyệt vời.",
        "Website chạy rất nhanh, trang tải chưa tới một giây.",
        "Giải thích hóa đơn rõ ràng, tiền hoàn lại ngay trong ngày.",
        "Dịch vụ hỗ trợ hosting tốt nhất mà tôi từng dùng.",
        "Được hướng dẫn từng bước để email không còn vào spam, rất dễ hiểu.",
        "cPanel dễ dùng, sao lưu hoạt động hoàn hảo.",
        "Cảm ơn nhiều!\nWebsite đã hoạt động trở lại và còn nhanh hơn trước.",
        "Nhắn Telegram lúc nửa đêm vẫn có người trả lời. Rất ấn tượng.",
        "Giá tốt & máy chủ ổn định.",
        "Kỹ thuật viên còn tối ưu luôn database giúp tôi.",
        "Chuyển sang VPS là quyết định đúng đắn cho công ty chúng tôi.",
        'Tôi chấm "xuất sắc" vì lỗi được xử lý trước khi tôi uống xong ly cà phê.',
    ),
}

VI_OUTAGE: tuple[str, ...] = (
    "Website của chúng tôi bị sập gần cả ngày trong đợt sự cố. Không thể chấp nhận được.",
    "Lại downtime! Mất đơn hàng & không ai cập nhật tình hình.",
    "Hosting ngừng hoạt động nhiều giờ mà chat trực tuyến không ai trả lời.",
    "Sự cố làm cả email cũng ngừng, khách hàng không liên lạc được với chúng tôi.",
    "Nên có trang trạng thái hệ thống. Lúc sự cố xảy ra chúng tôi không biết chuyện gì đang "
    "diễn ra.",
    "Máy chủ sập 3 lần trong tuần này.\nTôi đang tính chuyển sang nhà cung cấp khác.",
)

TH: Bank = {
    NEGATIVE: (
        "เว็บไซต์ล่มไปหลายชั่วโมงแต่ไม่มีใครแจ้งอะไรเลย",
        "ซัพพอร์ตตอบช้ามาก รอเกือบหนึ่งวันกว่าจะได้คำตอบ",
        "ใบรับรอง SSL หมดอายุแต่ไม่ต่ออายุอัตโนมัติ ลูกค้าเห็นคำเตือนความปลอดภัย",
        "อีเมลที่ส่งออกไปเข้าสแปมตลอด ทั้งที่ตั้งค่า SPF & DKIM ตามคู่มือแล้ว",
        "การย้ายเว็บทำให้ฐานข้อมูล WordPress ของผมเสียหาย",
        "เดือนนี้โดนตัดเงินซ้ำสองครั้ง ต้องเปิดตั๋วถึงสามครั้งกว่าจะได้เงินคืน",
        "cPanel ช้ามาก File Manager ค้างทุกครั้งที่เปิด",
        "เจ้าหน้าที่ปิดตั๋วทั้งที่ปัญหายังไม่ได้รับการแก้ไข",
        'ในแชทบอกว่า "เดี๋ยวจะโทรกลับ" แต่ก็ไม่มีใครโทรมาเลย',
        "เว็บช้าลงมากตั้งแต่ย้ายไปเซิร์ฟเวอร์ใหม่",
        "ต้องอธิบายปัญหาเดิมซ้ำให้เจ้าหน้าที่สามคนฟัง",
        "ราคาต่ออายุขึ้นโดยไม่แจ้งล่วงหน้า",
        "หน้าเว็บขึ้นแค่ <503 Service Unavailable> แต่ซัพพอร์ตยืนยันว่าแก้แล้ว",
        "พอต้องใช้ไฟล์สำรองข้อมูลจริงๆ กลับไม่มี",
        "เข้าบัญชีไม่ได้สองวัน อีเมลรีเซ็ตรหัสผ่านไม่เคยมาถึง",
        "ผิดหวังมาก\nเซิร์ฟเวอร์ไม่เสถียรทั้งสัปดาห์ เสียออเดอร์ไปเยอะ",
    ),
    NEUTRAL: (
        "แก้ปัญหาได้แล้ว แต่ใช้เวลานานกว่าที่คิด",
        "เจ้าหน้าที่สุภาพดี แต่ต้องตามเรื่องสองรอบ",
        "บริการพอใช้ได้ คู่มือตั้งค่า DNS ควรเขียนให้ชัดเจนกว่านี้",
        "ย้ายเว็บเสร็จเรียบร้อย แค่ช้าไปหน่อย",
        "เหมาะกับเว็บเล็กๆ ไม่แน่ใจว่าถ้าคนเข้าเยอะจะรับไหวไหม",
        "หน้าชำระเงินเข้าใจยากนิดหน่อย แต่เจ้าหน้าที่อธิบายใบแจ้งหนี้ให้แล้ว",
        "คำตอบถูกต้อง แต่ใช้ศัพท์เทคนิคเยอะไปหน่อย",
        "เฉยๆ ไม่ได้แย่แต่ก็ไม่ได้พิเศษ",
        "ติดตั้ง SSL เรียบร้อยแล้ว ถ้าเป็นแบบอัตโนมัติจะดีกว่านี้",
        "ซัพพอร์ตทางโทรศัพท์โอเค แต่ต้องรอสายประมาณ 15 นาที",
        "อีเมลใช้ได้แล้ว แต่ยังไม่รู้ว่าปัญหาเกิดจากอะไร",
        "ราคาสมเหตุสมผลกับสิ่งที่ได้",
        "หน้าตา cPanel ดูเก่าไปหน่อย แต่ก็ใช้งานได้",
        "ใช้งานได้ แต่อยากให้มีหน้าแสดงสถานะระบบ จะได้รู้เวลามีปัญหา",
        "ได้คำตอบเช้าวันรุ่งขึ้น ถือว่ารับได้สำหรับคำถามที่ไม่ด่วน",
        "แชทตอบเร็ว & อีเมลตอบช้า",
    ),
    POSITIVE: (
        "ซัพพอร์ตเร็วและเป็นกันเอง แก้ปัญหาเสร็จใน 10 นาที!",
        "ทีมงานย้ายเว็บให้ทั้ง 12 เว็บโดยไม่มีดาวน์ไทม์เลย ขอบคุณมากครับ",
        "อัปไทม์ดีมาก ร้านออนไลน์ไม่เคยล่มเลยตลอดปีนี้",
        "เจ้าหน้าที่ในแชทแก้ DNS ให้ทันที",
        "ติดตั้ง SSL ฟรีเสร็จในไม่กี่นาที ยอดเยี่ยมมาก",
        "เว็บโหลดเร็วมาก เปิดหน้าไม่ถึงวินาที",
        "อธิบายใบแจ้งหนี้ชัดเจน ได้เงินคืนภายในวันเดียว",
        "บริการซัพพอร์ตโฮสติ้งที่ดีที่สุดเท่าที่เคยใช้มา",
        "สอนแก้ปัญหาอีเมลเข้าสแปมทีละขั้นตอน เข้าใจง่ายมาก",
        "cPanel ใช้ง่าย ระบบสำรองข้อมูลทำงานได้ดีเยี่ยม",
        "ขอบคุณมากค่ะ\nเว็บกลับมาออนไลน์แล้วและเร็วกว่าเดิมด้วย",
        "ทัก Telegram ตอนเที่ยงคืนก็ยังมีคนตอบ ประทับใจมาก",
        "คุ้มค่าเงิน & เซิร์ฟเวอร์เสถียร",
        "ช่างเทคนิคช่วยปรับแต่งฐานข้อมูลให้ด้วย เกินความคาดหมาย",
        "ย้ายมาใช้ VPS เป็นการตัดสินใจที่ดีที่สุดของบริษัทเรา",
        'ให้ "ดีเยี่ยม" เลย เพราะแก้ปัญหาเสร็จก่อนผมดื่มกาแฟหมดแก้วด้วยซ้ำ',
    ),
}

TH_OUTAGE: tuple[str, ...] = (
    "เว็บของเราล่มเกือบทั้งวันช่วงที่ระบบมีปัญหา รับไม่ได้จริงๆ",
    "ล่มอีกแล้ว! เสียยอดขาย & ไม่มีใครแจ้งความคืบหน้าเลย",
    "โฮสติ้งใช้งานไม่ได้หลายชั่วโมง แชทก็ไม่มีคนตอบ",
    "ระบบล่มจนอีเมลใช้ไม่ได้ไปด้วย ลูกค้าติดต่อเราไม่ได้เลย",
    "ควรมีหน้าแสดงสถานะระบบ ตอนล่มเราไม่รู้เลยว่าเกิดอะไรขึ้น",
    "เซิร์ฟเวอร์ล่ม 3 ครั้งในสัปดาห์นี้\nกำลังคิดจะย้ายไปใช้ผู้ให้บริการเจ้าอื่น",
)

KM: Bank = {
    NEGATIVE: (
        "គេហទំព័ររបស់ខ្ញុំគាំងជាច្រើនម៉ោង ប៉ុន្តែគ្មាននរណាជូនដំណឹងសោះ។",
        "ផ្នែកជំនួយឆ្លើយយឺតណាស់ ខ្ញុំរង់ចាំជិតមួយថ្ងៃទើបទទួលបានចម្លើយ។",
        "វិញ្ញាបនបត្រ SSL ផុតកំណត់ ហើយមិនបានបន្តដោយស្វ័យប្រវត្តិទេ។ អ្នកចូលមើលឃើញការព្រមានសុវត្ថិភាព។",
        "អ៊ីមែលដែលខ្ញុំផ្ញើចេញ ចូលទៅក្នុង spam ជានិច្ច ទោះបីខ្ញុំបានកំណត់ SPF & DKIM តាមការណែនាំហើយក៏ដោយ។",
        "ការផ្ទេរគេហទំព័របានធ្វើឲ្យមូលដ្ឋានទិន្នន័យ WordPress របស់ខ្ញុំខូច។",
        "ខែនេះខ្ញុំត្រូវបានកាត់ប្រាក់ពីរដង ហើយត្រូវផ្ញើសំណើបីដងទើបបានប្រាក់មកវិញ។",
        "cPanel យឺតខ្លាំងណាស់ File Manager គាំងរាល់ពេលបើក។",
        "បុគ្គលិកបានបិទសំណើរបស់ខ្ញុំ ទាំងដែលបញ្ហាមិនទាន់បានដោះស្រាយនៅឡើយ។",
        'ក្នុងឆាតគេប្រាប់ថា "នឹងទូរស័ព្ទមកវិញ" ប៉ុន្តែគ្មាននរណាទូរស័ព្ទមកសោះ។',
        "ល្បឿនគេហទំព័រយឺតខ្លាំង តាំងពីផ្លាស់ទៅម៉ាស៊ីនមេថ្មី។",
        "ខ្ញុំត្រូវពន្យល់បញ្ហាដដែលទៅបុគ្គលិកបីនាក់ផ្សេងគ្នា។",
        "តម្លៃបន្តសេវាកម្មឡើងថ្លៃ ដោយគ្មានការជូនដំណឹងជាមុន។",
        "គេហទំព័របង្ហាញតែ <503 Service Unavailable> ប៉ុន្តែផ្នែកជំនួយនៅតែថាបានជួសជុលរួចហើយ។",
        "ពេលត្រូវការទិន្នន័យបម្រុងទុក បែរជាគ្មានទៅវិញ។",
        "ខ្ញុំចូលគណនីមិនបានពីរថ្ងៃ អ៊ីមែលកំណត់ពាក្យសម្ងាត់ឡើងវិញមិនដែលមកដល់ទេ។",
        "ខកចិត្តណាស់។\nម៉ាស៊ីនមេមិនស្ថិតស្ថេរពេញមួយសប្តាហ៍ ខ្ញុំបាត់បង់ការបញ្ជាទិញច្រើន។",
    ),
    NEUTRAL: (
        "បញ្ហាត្រូវបានដោះស្រាយហើយ ប៉ុន្តែចំណាយពេលយូរជាងខ្ញុំគិត។",
        "បុគ្គលិកគួរសម ប៉ុន្តែខ្ញុំត្រូវរំលឹកពីរដង។",
        "សេវាកម្មមធ្យម។ ការណែនាំអំពីការកំណត់ DNS គួរតែសរសេរឲ្យច្បាស់ជាងនេះ។",
        "ការផ្ទេរគេហទំព័របានសម្រេច ប៉ុន្តែយឺតបន្តិច។",
        "ល្អសម្រាប់គេហទំព័រតូច តែមិនដឹងថាពេលមានអ្នកចូលច្រើនអាចទ្រាំបានឬអត់។",
        "ទំព័រទូទាត់ប្រាក់ពិបាកយល់បន្តិច ប៉ុន្តែបុគ្គលិកបានពន្យល់វិក្កយបត្រឲ្យខ្ញុំ។",
        "ចម្លើយត្រឹមត្រូវ ប៉ុន្តែប្រើពាក្យបច្ចេកទេសច្រើនពេក។",
        "ធម្មតា មិនអាក្រក់ ហើយក៏មិនពិសេសដែរ។",
        "SSL បានដំឡើងរួចហើយ បើវាដំឡើងដោយស្វ័យប្រវត្តិនឹងល្អជាងនេះ។",
        "ជំនួយតាមទូរស័ព្ទមិនអីទេ ប៉ុន្តែត្រូវរង់ចាំប្រហែល 15 នាទី។",
        "អ៊ីមែលដំណើរការវិញហើយ ប៉ុន្តែខ្ញុំនៅតែមិនដឹងមូលហេតុ។",
        "តម្លៃសមរម្យនឹងអ្វីដែលទទួលបាន។",
        "ផ្ទាំង cPanel មើលទៅចាស់បន្តិច តែនៅតែប្រើបាន។",
        "ប្រើបាន ប៉ុន្តែចង់ឲ្យមានទំព័របង្ហាញស្ថានភាពប្រព័ន្ធ ដើម្បីដឹងពេលមានបញ្ហា។",
        "ព្រឹកថ្ងៃបន្ទាប់ទើបបានចម្លើយ អាចទទួលយកបានសម្រាប់សំណួរមិនបន្ទាន់។",
        "ឆាតឆ្លើយលឿន & អ៊ីមែលឆ្លើយយឺត។",
    ),
    POSITIVE: (
        "ផ្នែកជំនួយលឿន និងរួសរាយ ដោះស្រាយបញ្ហារួចក្នុងរយៈពេល 10 នាទី!",
        "ក្រុមការងារបានផ្ទេរគេហទំព័រទាំង 12 របស់យើង ដោយគ្មានការរំខានសោះ។ អរគុណច្រើន!",
        "ម៉ាស៊ីនមេដំណើរការល្អណាស់ ហាងអនឡាញរបស់ខ្ញុំមិនដែលគាំងសោះពេញមួយឆ្នាំនេះ។",
        "បុគ្គលិកក្នុងឆាតបានកែ DNS ឲ្យខ្ញុំភ្លាមៗ។",
        "ដំឡើង SSL ឥតគិតថ្លៃ រួចរាល់ក្នុងរយៈពេលប៉ុន្មាននាទី។ ល្អណាស់។",
        "គេហទំព័រលឿនខ្លាំង បើកទំព័រមិនដល់មួយវិនាទីផង។",
        "ពន្យល់វិក្កយបត្របានច្បាស់ ហើយបានប្រាក់មកវិញក្នុងថ្ងៃតែមួយ។",
        "សេវាជំនួយ hosting ល្អបំផុតដែលខ្ញុំធ្លាប់ប្រើ។",
        "ណែនាំមួយជំហានម្តងៗពីរបៀបកុំឲ្យអ៊ីមែលចូល spam ងាយយល់ណាស់។",
        "cPanel ងាយប្រើ ហើយការបម្រុងទុកទិន្នន័យដំណើរការល្អឥតខ្ចោះ។",
        "អរគុណច្រើន!\nគេហទំព័រដំណើរការវិញហើយ ថែមទាំងលឿនជាងមុនទៀត។",
        "ផ្ញើសារតាម Telegram ពាក់កណ្តាលអធ្រាត្រ ក៏នៅតែមានអ្នកឆ្លើយ។ ពិតជាពេញចិត្តណាស់។",
        "សមនឹងតម្លៃ & ម៉ាស៊ីនមេមានស្ថិរភាព។",
        "អ្នកបច្ចេកទេសបានជួយបង្កើនល្បឿនមូលដ្ឋានទិន្នន័យឲ្យខ្ញុំថែមទៀត។",
        "ការប្តូរមកប្រើ VPS គឺជាការសម្រេចចិត្តដ៏ល្អបំផុតសម្រាប់ក្រុមហ៊ុនយើង។",
        'ខ្ញុំដាក់ពិន្ទុ "ល្អឥតខ្ចោះ" ព្រោះបញ្ហាត្រូវបានដោះស្រាយយ៉ាងរហ័ស។',
    ),
}

KM_OUTAGE: tuple[str, ...] = (
    "គេហទំព័ររបស់យើងគាំងស្ទើរពេញមួយថ្ងៃ ក្នុងអំឡុងពេលប្រព័ន្ធមានបញ្ហា។ មិនអាចទទួលយកបានទេ។",
    "គាំងទៀតហើយ! យើងខាតការលក់ & គ្មាននរណាជូនដំណឹងពីវឌ្ឍនភាពសោះ។",
    "Hosting ប្រើមិនបានច្រើនម៉ោង ហើយក្នុងឆាតក៏គ្មាននរណាឆ្លើយដែរ។",
    "ប្រព័ន្ធគាំងរហូតដល់អ៊ីមែលក៏ប្រើមិនបានដែរ អតិថិជនមិនអាចទាក់ទងយើងបានទេ។",
    "គួរតែមានទំព័របង្ហាញស្ថានភាពប្រព័ន្ធ។ ពេលគាំង យើងមិនដឹងថាមានរឿងអ្វីកើតឡើងទេ។",
    "ម៉ាស៊ីនមេគាំង 3 ដងក្នុងសប្តាហ៍នេះ។\nខ្ញុំកំពុងគិតប្តូរទៅក្រុមហ៊ុនផ្សេង។",
)

COMMENTS: dict[str, Bank] = {"km": KM, "th": TH, "vi": VI, "en": EN}
"""Comment templates by language, then by sentiment band."""

OUTAGE_COMMENTS: dict[str, tuple[str, ...]] = {
    "km": KM_OUTAGE,
    "th": TH_OUTAGE,
    "vi": VI_OUTAGE,
    "en": EN_OUTAGE,
}
"""Negative comments about a service outage, by language."""
