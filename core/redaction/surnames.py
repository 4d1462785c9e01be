"""Surnames and given-name characters used to recognise person names (data only)."""

from __future__ import annotations

# The common single-character surnames, roughly by frequency (the first 100 cover most
# of the population and are the only ones trusted without a cue).
COMMON_SINGLE_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余"
    "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙"
    "史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤萧"
)
OTHER_SINGLE_SURNAMES = (
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒"
    "阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤"
    "阳穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边"
    "卞姬仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩洪楚粟谌揭幸蔺匡晁衡步邝权逯盖桓阎湛凤茅"
    "储雍廉晋居伏庹麻薄乐郁卿阙宦弓訾钮荆井官巴邸习谈秋索滑扈蓬赖鞠佘池迟封冀胥栗鄢劳"
    "奚皮冼满阚屠练禹祖漆狄芮裘亓邰赫杭况宿嵇昝檀"
)
# Surnames that are also everyday characters: trusted only right after or before a cue
# such as 邻居 or 先生.
RARE_SINGLE_SURNAMES = (
    "明来时和查苑惠南班原燕楼盘闻位厉伊区海花强帅豆朴丰支国平计宣相初门云容敬都普浦戈"
    "鹿辜羊乌母修那鲜印隆茹诸战慕危玉银亢公哈宾戎勾利呼干但尉冶斯元束衣信展阴智奉植"
    "富尧闭由"
)
SINGLE_SURNAMES = COMMON_SINGLE_SURNAMES + OTHER_SINGLE_SURNAMES

COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "长孙",
    "宇文",
    "司徒",
    "司空",
    "夏侯",
    "令狐",
    "端木",
    "独孤",
    "南宫",
    "西门",
    "呼延",
    "轩辕",
    "澹台",
    "钟离",
    "闻人",
    "赫连",
    "申屠",
    "太史",
    "濮阳",
    "拓跋",
    "万俟",
    "百里",
    "东郭",
    "公冶",
    "宗政",
    "左丘",
    "第五",
    "梁丘",
    "羊舌",
    "微生",
    "乐正",
)

# Characters common in given names: a name with no cue around it must be made of these.
GIVEN_NAME_CHARS = frozenset(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉林飞鑫波斌宇浩凯健俊帆"
    "帅旭宁龙琳欣婷雪慧颖倩晶玲丹莉燕梅琴云莹洁淑珍凤芝荣香花春晨阳海峰建国志文博东亮"
    "彬岩冬坤兵利佳小畅瑞璐楠金雷柳杨琦怡悦诗思梓子涵轩泽睿昊宏然嘉铭瑶妍雨欢乐馨彤语"
    "萱若依琪瑾雅晓美月娥菊翠芬琼秋霖昕曦宸煜奕皓彦哲瀚航鸿伦威武德福贵祥财富才仁义智"
    "忠孝勤俭康寿喜庆夏光亚民永胜隆顺达启立树松柏青山川江河泉源渊远恒贞烈毅豪雄聪锋"
    "锐钢铁银珠宝君琅璇璋珊珏琛瑜瑛璐佩芷蕙芸芹蓉莲荷菲茜蕾薇芮蓓菁莎娅婉婵嫣媛姣娇妮姗"
    "姝娴婕媚婧嫦凰鹤鹃莺鸣翔腾跃驰骏骐麟程舟梁栋楷谦恭诚继绍森禾穗祐祜祺禄禧祯吉"
    "愉融睦谐振茂繁彩虹霓晖曜晟昱晔晗昀暄晴朗耀煌炜烨焕灿炎焱熙照廉淳朴纯真善艺章琴棋"
    "书画卫少梦诺紫一天佑家豪俊毅伯仲叔季孟士贤良宜蓝惠慈贻露秦卿琰琬璟瑄瑭璞成"
)
